using System.Globalization;
using System.Text;
using System.Text.Json;
using Sprig.Reporting.Svg;
using Sprig.Serialization;
using Sprig.Training;

namespace Sprig.Reporting;

/// <summary>
/// The report as one self-contained HTML file (inline CSS and SVG, no scripts): a run table, training curves,
/// accuracy against sparsity and FLOPs for several runs, and per run its layer table, sparsity bars, mask heat map
/// and, for channel-level runs, the channel-sparsity histogram and channels removed over time.
/// </summary>
public static class HtmlReport
{
    private const int HeatMapRows = 48;
    private const int HeatMapColumns = 96;

    // More training curves than this are unreadable (and the palette repeats), so sweeps get mean curves.
    private const int MaxCurves = 10;

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
        h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;font-size:12px;margin:8px 0}
        th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}th{background:#f5f5f5}
        td:first-child,th:first-child{text-align:left}
        figure{display:inline-block;margin:6px 12px 6px 0;vertical-align:top}
        summary{font-weight:600;cursor:pointer;margin:8px 0}
        .note{color:#666;font-size:12px}
        """;

    /// <summary>Renders the report for <paramref name="runs"/>; reads each run's checkpoint for its mask picture.</summary>
    /// <exception cref="SprigException">A checkpoint is corrupt, or <see cref="ReportOptions.Layer"/> names no layer of a run.</exception>
    public static string Render(IReadOnlyList<RunData> runs, ReportOptions options)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Sprig report</title><style>")
            .Append(Style).Append("</style></head><body>\n<h1>Sprig report</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{runs.Count} run(s). FLOPs per sample, multiplies and adds counted separately (RigL's convention); sizes with each weight in the storage format of the layer table's format column. Efficiency columns are Sprig's own measures (docs/reports.md).</p>\n");
        html.Append("<section id=\"summary\"><h2>Runs</h2>");
        AppendTable(html, ReportTables.Summary(runs));
        foreach (string finding in MarkdownReport.SweepFindings(runs, options.Epsilon))
        {
            html.Append("<p>").Append(SvgWriter.Escape(finding)).Append("</p>");
        }

        html.Append("</section>\n<section id=\"curves\"><h2>Training curves</h2>");
        Figure(html, "loss", LineChart.Render("Training loss", "epoch", "loss", Curves(runs, e => e.TrainLoss), Whole, v => Units.Number(v, 4)));
        Figure(html, "accuracy", LineChart.Render("Test accuracy", "epoch", "accuracy", Curves(runs, e => e.TestAccuracy), Whole, Units.Percent));
        html.Append("</section>\n");
        if (runs.Count > 1)
        {
            html.Append("<section id=\"comparison\"><h2>Accuracy against sparsity and cost</h2>");
            Figure(html, "accuracy-sparsity", ScatterChart.Render("Accuracy vs sparsity", "achieved sparsity", "test accuracy", ByMethod(runs, r => ReportTables.AchievedSparsity(r)), Units.Percent, Units.Percent));
            Figure(html, "accuracy-flops", ScatterChart.Render("Accuracy vs forward FLOPs", "forward FLOPs per sample", "test accuracy", ByMethod(runs, r => r.Metrics?.SparseForwardFlops ?? double.NaN), Units.Count, Units.Percent));
            html.Append("</section>\n");
        }

        // A sweep's report draws masks for one seed per configuration; the pictures are most of the file's size.
        var pictured = runs.Count <= MaxCurves
            ? runs.ToHashSet()
            : runs.GroupBy(r => (r.Results.Model, r.Results.Method, r.Results.Sparsity)).Select(g => g.First()).ToHashSet();
        for (int i = 0; i < runs.Count; i++)
        {
            AppendRun(html, runs[i], i, open: runs.Count <= 3, pictured.Contains(runs[i]) ? options.Layer ?? LargestLayer(runs[i]) : null);
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Appends one run's section; <paramref name="layer"/> is the layer whose mask is drawn, or null for none.</summary>
    private static void AppendRun(StringBuilder html, RunData run, int index, bool open, string? layer)
    {
        RunResults r = run.Results;
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"run\" id=\"run-{index}\"><details{(open ? " open=\"open\"" : string.Empty)}><summary>{SvgWriter.Escape(run.Name)}: {SvgWriter.Escape(r.Model)}, {SvgWriter.Escape(r.Method)}, {Units.Percent(r.TestAccuracy)}</summary>");
        html.Append("<h3>Layers</h3>");
        AppendTable(html, ReportTables.Layers(r));
        var bars = r.Layers.Select(l => (l.Name, l.Sparsity)).ToList();
        Figure(html, "sparsity-bars", BarChart.Render("Sparsity per layer", bars, 1, Units.Percent));
        bool channels = IsChannelRun(run);
        Checkpoint? checkpoint = layer is not null || channels ? run.ReadCheckpoint() : null;
        if (checkpoint is not null && layer is not null)
        {
            if (r.Layers.All(l => l.Name != layer))
            {
                throw new SprigException($"--layer '{layer}' is not a prunable layer of {run.Directory}; its layers: {string.Join(", ", r.Layers.Select(l => l.Name))}");
            }

            if (MaskPicture.Read(checkpoint, layer, HeatMapRows, HeatMapColumns) is var (density, rows, columns))
            {
                // The run directory's checkpoint is the model before a shrink, so removed channels show as empty rows.
                string before = r.Shrink is null ? string.Empty : " before the shrink (removed channels are empty rows)";
                string caption = $"{rows} rows (output channels) × {columns} fan-in{before}, {density.GetLength(0)}×{density.GetLength(1)} blocks";
                Figure(html, "heatmap", HeatMap.Render($"Mask of {layer}", caption, density));
            }
        }

        if (checkpoint is not null && channels)
        {
            AppendChannels(html, run, checkpoint);
        }

        html.Append("</details></section>\n");
    }

    private static void AppendChannels(StringBuilder html, RunData run, Checkpoint checkpoint)
    {
        IReadOnlyList<double> sparsities = MaskPicture.ChannelSparsities(checkpoint, run.Results.Layers.Select(l => l.Name));
        var buckets = new List<(string, double)>();
        for (int b = 0; b < 10; b++)
        {
            double low = b / 10.0;
            double high = (b + 1) / 10.0;
            int count = sparsities.Count(s => s >= low && s < high);
            buckets.Add(($"{b * 10}–{(b + 1) * 10}% zero", count));
        }

        buckets.Add(("100% (removed)", sparsities.Count(s => s == 1)));
        Figure(html, "channel-histogram", BarChart.Render(run.Results.Shrink is null ? "Channels by sparsity (conv layers)" : "Channels by sparsity before the shrink (conv layers)", buckets, Math.Max(1, buckets.Max(b => b.Item2)), v => Units.Number(v, 0)));
        var events = new List<Series>();
        foreach (string key in run.Epochs.SelectMany(e => e.Events?.Keys ?? []).Where(k => k.Contains("channel", StringComparison.OrdinalIgnoreCase)).Distinct())
        {
            var points = run.Epochs.Select(e => ((double)e.Epoch, EventValue(e, key))).Where(IsFinite).ToList();
            events.Add(new Series(key, points));
        }

        if (events.Count > 0)
        {
            Figure(html, "channels-over-time", LineChart.Render("Channel events per epoch", "epoch", "value or count", events, Whole, v => Units.Number(v, 3)));
        }
    }

    private static string? LargestLayer(RunData run) => run.Results.Layers.MaxBy(l => l.Parameters)?.Name;

    private static bool IsChannelRun(RunData run) =>
        run.Results.Config.Sparsity.Granularity == "channel"
        || run.Epochs.Any(e => e.Events?.Keys.Any(k => k.Contains("channel", StringComparison.OrdinalIgnoreCase)) == true);

    /// <summary>A numeric event as is (such as Chase's channel sparsity), a list event by its length (such as its channel events).</summary>
    private static double EventValue(EpochRecord epoch, string key) =>
        epoch.Events is { } events && events.TryGetValue(key, out object? value) && value is JsonElement element
            ? element.ValueKind switch
            {
                JsonValueKind.Number => element.GetDouble(),
                JsonValueKind.Array => element.GetArrayLength(),
                _ => double.NaN,
            }
            : double.NaN;

    /// <summary>One curve per run; beyond <see cref="MaxCurves"/> runs (a sweep), one mean curve per model, method and sparsity over seeds.</summary>
    private static List<Series> Curves(IReadOnlyList<RunData> runs, Func<EpochRecord, double> value)
    {
        if (runs.Count <= MaxCurves)
        {
            return runs.Select(r => new Series(r.Name, r.Epochs.Select(e => ((double)e.Epoch, value(e))).Where(IsFinite).ToList())).ToList();
        }

        bool models = runs.Select(r => r.Results.Model).Distinct().Count() > 1;
        return runs.GroupBy(r => (r.Results.Model, r.Results.Method, r.Results.Sparsity))
            .Select(g => new Series(
                $"{(models ? g.Key.Model + " " : string.Empty)}{g.Key.Method} {Units.Percent(g.Key.Sparsity)} (mean of {g.Count()})",
                g.SelectMany(r => r.Epochs).GroupBy(e => e.Epoch).OrderBy(e => e.Key)
                    .Select(e => ((double)e.Key, e.Average(value))).Where(IsFinite).ToList()))
            .ToList();
    }

    private static List<Series> ByMethod(IReadOnlyList<RunData> runs, Func<RunResults, double> x) =>
        runs.GroupBy(r => r.Results.Method)
            .Select(g => new Series(g.Key, g.Select(r => (x(r.Results), r.Results.TestAccuracy)).Where(IsFinite).ToList()))
            .ToList();

    // A diverged run's NaN loss or a run without metrics must not break the axes.
    private static bool IsFinite((double X, double Y) point) => double.IsFinite(point.X) && double.IsFinite(point.Y);

    private static string Whole(double value) => Units.Number(value, 1);

    private static void Figure(StringBuilder html, string kind, string svg) =>
        html.Append("<figure class=\"").Append(kind).Append("\">").Append(svg).Append("</figure>\n");

    private static void AppendTable(StringBuilder html, Table table)
    {
        html.Append("<table><thead><tr>");
        foreach (string h in table.Headers)
        {
            html.Append("<th>").Append(SvgWriter.Escape(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (IReadOnlyList<string> row in table.Rows)
        {
            html.Append("<tr>");
            foreach (string cell in row)
            {
                html.Append("<td>").Append(SvgWriter.Escape(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>\n");
    }
}
