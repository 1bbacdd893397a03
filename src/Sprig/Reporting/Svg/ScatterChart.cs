namespace Sprig.Reporting.Svg;

/// <summary>Dots, one colour per series (accuracy against sparsity or FLOPs across runs).</summary>
internal static class ScatterChart
{
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, Func<double, string> xFormat, Func<double, string> yFormat)
    {
        var axes = new Axes(title, xLabel, yLabel, series.SelectMany(s => s.Points), xFormat, yFormat);
        for (int i = 0; i < series.Count; i++)
        {
            foreach (var (x, y) in series[i].Points)
            {
                axes.Svg.Circle(axes.X.Map(x), axes.Y.Map(y), 4.5, Palette.Color(i), $"{series[i].Label}: {xFormat(x)}, {yFormat(y)}");
            }
        }

        axes.Legend(series.Select(s => s.Label).ToList());
        return axes.Svg.Finish();
    }
}
