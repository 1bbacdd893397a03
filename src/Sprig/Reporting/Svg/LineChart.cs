namespace Sprig.Reporting.Svg;

/// <summary>One line per series over shared axes with whole-number x ticks (training curves over epochs).</summary>
internal static class LineChart
{
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, Func<double, string> xFormat, Func<double, string> yFormat)
    {
        var axes = new Axes(title, xLabel, yLabel, series.SelectMany(s => s.Points), xFormat, yFormat, wholeX: true);
        for (int i = 0; i < series.Count; i++)
        {
            axes.Svg.Polyline(series[i].Points.Select(p => (axes.X.Map(p.X), axes.Y.Map(p.Y))), Palette.Color(i));
            foreach (var (x, y) in series[i].Points)
            {
                axes.Svg.Circle(axes.X.Map(x), axes.Y.Map(y), 2.5, Palette.Color(i), $"{series[i].Label}: {xFormat(x)}, {yFormat(y)}");
            }
        }

        axes.Legend(series.Select(s => s.Label).ToList());
        return axes.Svg.Finish();
    }
}
