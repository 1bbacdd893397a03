using System.Text;
using Sprig.Metrics;

namespace Sprig.Reporting;

/// <summary>The report as Markdown tables: one row per run, the largest sparsity within ε of dense, then each run's layers.</summary>
public static class MarkdownReport
{
    /// <summary>Renders the report for <paramref name="runs"/>.</summary>
    public static string Render(IReadOnlyList<RunData> runs, ReportOptions options)
    {
        var md = new StringBuilder();
        md.Append("# Sprig report\n\n");
        Append(md, ReportTables.Summary(runs));
        foreach (string line in SweepFindings(runs, options.Epsilon))
        {
            md.Append("- ").Append(line).Append('\n');
        }

        foreach (RunData run in runs)
        {
            md.Append("\n## ").Append(run.Name).Append("\n\n");
            Append(md, ReportTables.Layers(run.Results));
        }

        return md.ToString();
    }

    /// <summary>"model: largest sparsity within ε of dense" lines, for models that have a dense run among <paramref name="runs"/>.</summary>
    internal static IEnumerable<string> SweepFindings(IReadOnlyList<RunData> runs, double epsilon)
    {
        foreach (string model in runs.Select(r => r.Results.Model).Distinct())
        {
            if (ReportTables.DenseBaseline(runs, model) is not { } dense)
            {
                continue;
            }

            var points = runs.Where(r => r.Results.Model == model).Select(r => (ReportTables.AchievedSparsity(r.Results), r.Results.TestAccuracy));
            double? best = ParameterEfficiency.LargestSparsityWithin(points, dense.Results.TestAccuracy, epsilon);
            yield return $"{model}: largest sparsity within {Units.Percent(epsilon)} of dense accuracy ({Units.Percent(dense.Results.TestAccuracy)}): {(best is { } b ? Units.Percent(b) : "none")}";
        }
    }

    internal static void Append(StringBuilder md, Table table)
    {
        md.Append("| ").AppendJoin(" | ", table.Headers.Select(Cell)).Append(" |\n");
        md.Append('|').AppendJoin('|', table.Headers.Select(_ => "---")).Append("|\n");
        foreach (IReadOnlyList<string> row in table.Rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }

        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
