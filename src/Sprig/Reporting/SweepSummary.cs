using System.Globalization;
using System.Text;
using Sprig.Metrics;

namespace Sprig.Reporting;

/// <summary>The results table of a sweep: one row per (model, method, target sparsity), mean ± std over seeds, as Markdown and CSV.</summary>
public static class SweepSummary
{
    /// <summary>A Markdown table with mean ± sample standard deviation over seeds.</summary>
    public static string Markdown(IReadOnlyList<RunData> runs)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (Row r in Rows(runs))
        {
            rows.Add(
            [
                r.Model, r.Method, Units.Percent(r.Target), r.Seeds.ToString(CultureInfo.InvariantCulture),
                $"{Units.Percent(r.Accuracy.Mean)} ± {Units.Percent(r.Accuracy.Std)}", Units.Percent(r.Achieved), Units.Count(r.Nonzeros),
                Units.Count(r.ForwardFlops), Units.Count(r.TrainingFlops), Units.Bytes(r.Bytes), $"{Units.Number(r.WallSeconds, 1)} s",
            ]);
        }

        string[] headers = ["model", "method", "target sparsity", "seeds", "test accuracy", "achieved sparsity", "nonzeros", "forward FLOPs", "training FLOPs per sample-step", "size", "wall time"];
        var md = new StringBuilder("# Sweep results\n\nMean ± sample standard deviation over seeds; FLOPs per sample (RigL's counting).\n\n");
        MarkdownReport.Append(md, new Table(headers, rows));
        return md.ToString();
    }

    /// <summary>The same rows as comma-separated raw numbers (fractions, counts, bytes, seconds).</summary>
    public static string Csv(IReadOnlyList<RunData> runs)
    {
        var csv = new StringBuilder("model,method,target_sparsity,seeds,accuracy_mean,accuracy_std,achieved_sparsity,nonzeros,forward_flops,training_flops,bytes,wall_seconds\n");
        foreach (Row r in Rows(runs))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Model},{r.Method},{r.Target},{r.Seeds},{r.Accuracy.Mean},{r.Accuracy.Std},{r.Achieved},{r.Nonzeros},{r.ForwardFlops},{r.TrainingFlops},{r.Bytes},{r.WallSeconds}\n");
        }

        return csv.ToString();
    }

    private static IEnumerable<Row> Rows(IReadOnlyList<RunData> runs) =>
        runs.Select(r => r.Results)
            .GroupBy(r => (r.Model, r.Method, r.Sparsity))
            .OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Sparsity)
            .Select(g =>
            {
                double[] accuracy = g.Select(r => r.TestAccuracy).ToArray();
                return new Row(
                    g.Key.Model,
                    g.Key.Method,
                    g.Key.Sparsity,
                    accuracy.Length,
                    (Statistics.Mean(accuracy), Statistics.StandardDeviation(accuracy)),
                    g.Average(ReportTables.AchievedSparsity),
                    g.Average(r => (double)r.NonzeroParameters),
                    g.Average(r => (double?)r.Metrics?.SparseForwardFlops) ?? double.NaN,
                    g.Average(r => (double?)r.Metrics?.SparseTrainingFlops) ?? double.NaN,
                    g.Average(r => (double?)r.Metrics?.SparseBytes) ?? double.NaN,
                    g.Average(r => r.WallSeconds));
            });

    private sealed record Row(string Model, string Method, double Target, int Seeds, (double Mean, double Std) Accuracy, double Achieved, double Nonzeros, double ForwardFlops, double TrainingFlops, double Bytes, double WallSeconds);
}
