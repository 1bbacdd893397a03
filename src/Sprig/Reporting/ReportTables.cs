using Sprig.Metrics;
using Sprig.Training;

namespace Sprig.Reporting;

/// <summary>The tables every report format shows: one row per run, and one row per layer of a run.</summary>
internal static class ReportTables
{
    /// <summary>Accuracy, sparsity, size, cost and our efficiency measures of each run.</summary>
    public static Table Summary(IReadOnlyList<RunData> runs)
    {
        string[] headers =
        [
            "run", "model", "method", "target sparsity", "achieved sparsity", "test accuracy", "nonzeros / params",
            "forward FLOPs (sparse / dense)", "training FLOPs per sample-step", "size (sparse / dense)", "latency b1", "throughput b128",
            "accuracy per M nonzeros", "drop per M removed", "wall time",
        ];
        var rows = new List<IReadOnlyList<string>>();
        foreach (RunData run in runs)
        {
            RunResults r = run.Results;
            ModelMetrics? m = r.Metrics;
            RunResults? dense = DenseBaseline(runs, r.Model)?.Results;
            LatencyMeasurement? one = r.Latency?.FirstOrDefault(l => l.Batch == 1);
            LatencyMeasurement? many = r.Latency?.FirstOrDefault(l => l.Batch != 1);
            rows.Add(
            [
                run.Name, r.Model, r.Method, Units.Percent(r.Sparsity), Units.Percent(AchievedSparsity(r)), Units.Percent(r.TestAccuracy),
                $"{Units.Count(r.NonzeroParameters)} / {Units.Count(r.Parameters)}",
                m is null ? "–" : $"{Units.Count(m.SparseForwardFlops)} / {Units.Count(m.DenseForwardFlops)}",
                m is null ? "–" : Units.Count(m.SparseTrainingFlops),
                m is null ? "–" : $"{Units.Bytes(m.SparseBytes)} / {Units.Bytes(m.DenseBytes)}",
                one is null ? "–" : $"{Units.Number(one.MedianMilliseconds)} ms",
                many is null ? "–" : $"{Units.Count(many.SamplesPerSecond)}/s",
                Units.Number(ParameterEfficiency.AccuracyPerMillionNonzeros(r.TestAccuracy, r.NonzeroParameters)),
                dense is null ? "–" : Units.Number(ParameterEfficiency.AccuracyDropPerMillionRemoved(r.TestAccuracy, r.NonzeroParameters, dense.TestAccuracy, dense.NonzeroParameters)),
                $"{Units.Number(r.WallSeconds, 1)} s",
            ]);
        }

        return new Table(headers, rows);
    }

    /// <summary>Shape, sparsity, format, bytes and FLOPs of each convolution and linear layer of a run.</summary>
    public static Table Layers(RunResults results)
    {
        string[] headers = ["layer", "kind", "shape", "output", "sparsity", "format", "bytes (sparse / dense)", "FLOPs (sparse / dense)"];
        var rows = new List<IReadOnlyList<string>>();
        foreach (LayerMetrics l in results.Metrics?.Layers ?? [])
        {
            rows.Add(
            [
                l.Name, l.Kind, string.Join('×', l.WeightShape), string.Join('×', l.OutputShape), Units.Percent(l.Sparsity), l.Format,
                $"{Units.Bytes(l.SparseBytes)} / {Units.Bytes(l.DenseBytes)}", $"{Units.Count(l.SparseFlops)} / {Units.Count(l.DenseFlops)}",
            ]);
        }

        return new Table(headers, rows);
    }

    /// <summary>The achieved sparsity of the prunable weights.</summary>
    public static double AchievedSparsity(RunResults r)
    {
        long parameters = r.Layers.Sum(l => l.Parameters);
        return parameters == 0 ? 0 : 1.0 - ((double)r.Layers.Sum(l => l.Nonzeros) / parameters);
    }

    /// <summary>The dense run of <paramref name="model"/> among <paramref name="runs"/> (the best one if several seeds), or null.</summary>
    public static RunData? DenseBaseline(IReadOnlyList<RunData> runs, string model) =>
        runs.Where(r => r.Results.Model == model && r.Results.Method == "dense").MaxBy(r => r.Results.TestAccuracy);
}
