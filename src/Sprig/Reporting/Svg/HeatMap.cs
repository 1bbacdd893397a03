using System.Globalization;

namespace Sprig.Reporting.Svg;

/// <summary>A grid of cells shaded by a value in [0, 1] (the fraction of kept weights in each block of a mask).</summary>
internal static class HeatMap
{
    private const double MaxWidth = 720;
    private const double MaxCell = 12;

    /// <summary>Renders <paramref name="density"/> ([rows, columns]); black is the densest block, white an empty one, so sparse layers keep their contrast.</summary>
    public static string Render(string title, string caption, double[,] density)
    {
        int rows = density.GetLength(0);
        int columns = density.GetLength(1);
        double cell = Math.Min(MaxCell, MaxWidth / Math.Max(1, columns));
        double width = Math.Max(300, (columns * cell) + 8);
        double height = (rows * cell) + 48;
        double densest = 0;
        foreach (double d in density)
        {
            densest = Math.Max(densest, d);
        }

        var svg = new SvgWriter(width, height, title);
        svg.Text(4, 16, title, size: 13);
        svg.Text(4, height - 6, string.Create(CultureInfo.InvariantCulture, $"{caption}; black = {densest:P0} kept"), size: 10);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int shade = (int)Math.Round(255 * (1 - Math.Clamp(density[r, c] / Math.Max(densest, 1e-12), 0, 1)));
                svg.Rect(4 + (c * cell), 24 + (r * cell), cell, cell, string.Create(CultureInfo.InvariantCulture, $"rgb({shade},{shade},{shade})"));
            }
        }

        return svg.Finish();
    }
}
