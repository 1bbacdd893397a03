namespace Sprig.Reporting.Svg;

/// <summary>Horizontal bars, one per labelled value (per-layer sparsity, histogram buckets).</summary>
internal static class BarChart
{
    private const double Width = 560;
    private const double LabelWidth = 150;
    private const double ValueWidth = 60;
    private const double BarHeight = 16;

    /// <summary>Bars scaled so that <paramref name="max"/> fills the width.</summary>
    public static string Render(string title, IReadOnlyList<(string Label, double Value)> bars, double max, Func<double, string> format)
    {
        double height = 30 + (bars.Count * (BarHeight + 4)) + 6;
        var svg = new SvgWriter(Width, height, title);
        svg.Text(4, 16, title, size: 13);
        double span = Width - LabelWidth - ValueWidth;
        for (int i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            double y = 28 + (i * (BarHeight + 4));
            double length = max > 0 ? span * Math.Clamp(value / max, 0, 1) : 0;
            svg.Text(LabelWidth - 6, y + 12, label, "end", 10);
            svg.Rect(LabelWidth, y, span, BarHeight, "#f0f0f0");
            svg.Rect(LabelWidth, y, length, BarHeight, Palette.Color(0), $"{label}: {format(value)}");
            svg.Text(LabelWidth + span + 6, y + 12, format(value), size: 10);
        }

        return svg.Finish();
    }
}
