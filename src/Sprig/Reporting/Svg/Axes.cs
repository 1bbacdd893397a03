namespace Sprig.Reporting.Svg;

/// <summary>A chart frame: title, x and y axes with round ticks and labels, and a legend on the right.</summary>
internal sealed class Axes
{
    public const double Width = 520;
    public const double Height = 300;
    private const double Left = 62;
    private const double Right = 150;
    private const double Top = 28;
    private const double Bottom = 44;

    /// <summary>Frames the range of <paramref name="points"/>; <paramref name="wholeX"/> keeps x ticks on whole numbers (epochs).</summary>
    public Axes(string title, string xLabel, string yLabel, IEnumerable<(double X, double Y)> points, Func<double, string> xFormat, Func<double, string> yFormat, bool wholeX = false)
    {
        var all = points.ToList();
        double xMin = all.Count == 0 ? 0 : all.Min(p => p.X);
        double xMax = all.Count == 0 ? 1 : all.Max(p => p.X);
        double yMin = all.Count == 0 ? 0 : all.Min(p => p.Y);
        double yMax = all.Count == 0 ? 1 : all.Max(p => p.Y);
        X = new LinearScale(xMin, xMax, Left, Width - Right, wholeX ? 1 : 0);
        Y = new LinearScale(yMin, yMax, Height - Bottom, Top);
        Svg = new SvgWriter(Width, Height, title);
        Svg.Text(Left, 16, title, size: 13);
        foreach (double t in X.Ticks())
        {
            double x = X.Map(t);
            Svg.Line(x, Top, x, Height - Bottom, "#eee");
            Svg.Text(x, Height - Bottom + 14, xFormat(t), "middle", 10);
        }

        foreach (double t in Y.Ticks())
        {
            double y = Y.Map(t);
            Svg.Line(Left, y, Width - Right, y, "#eee");
            Svg.Text(Left - 5, y + 3, yFormat(t), "end", 10);
        }

        Svg.Line(Left, Height - Bottom, Width - Right, Height - Bottom, "#444");
        Svg.Line(Left, Top, Left, Height - Bottom, "#444");
        Svg.Text((Left + Width - Right) / 2, Height - 8, xLabel, "middle");
        Svg.Text(14, (Top + Height - Bottom) / 2, yLabel, "middle", rotate: -90);
    }

    public SvgWriter Svg { get; }

    public LinearScale X { get; }

    public LinearScale Y { get; }

    public void Legend(IReadOnlyList<string> labels)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            double y = Top + 6 + (i * 16);
            Svg.Rect(Width - Right + 12, y - 8, 10, 10, Palette.Color(i));
            Svg.Text(Width - Right + 27, y + 1, Shorten(labels[i]), size: 10);
        }
    }

    private static string Shorten(string label) => label.Length <= 22 ? label : string.Concat(label.AsSpan(0, 21), "…");
}
