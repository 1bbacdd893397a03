using System.Globalization;
using System.Text;

namespace Sprig.Reporting.Svg;

/// <summary>A grid of cells shaded by a value in [0, 1] (the fraction of kept weights in each block of a mask).</summary>
/// <remarks>
/// Shades are quantised to <see cref="Levels"/> grey levels and each level is one path of merged horizontal runs,
/// which keeps a 48×96 map near 50 KB instead of a third of a megabyte of rectangles.
/// </remarks>
internal static class HeatMap
{
    private const double MaxWidth = 720;
    private const double MaxCell = 12;
    private const int Levels = 16;

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

        var paths = new StringBuilder[Levels];
        for (int r = 0; r < rows; r++)
        {
            int c = 0;
            while (c < columns)
            {
                int level = Level(density[r, c], densest);
                int end = c + 1;
                while (end < columns && Level(density[r, end], densest) == level)
                {
                    end++;
                }

                if (level > 0)
                {
                    (paths[level] ??= new StringBuilder()).Append(CultureInfo.InvariantCulture, $"M{4 + (c * cell):0.##} {24 + (r * cell):0.##}h{(end - c) * cell:0.##}v{cell:0.##}h-{(end - c) * cell:0.##}z");
                }

                c = end;
            }
        }

        var svg = new SvgWriter(width, height, title);
        svg.Text(4, 16, title, size: 13);
        svg.Text(4, height - 6, string.Create(CultureInfo.InvariantCulture, $"{caption}; black = {densest:P0} kept"), size: 10);
        svg.Rect(4, 24, columns * cell, rows * cell, "#fff");
        for (int level = 1; level < Levels; level++)
        {
            if (paths[level] is { } path)
            {
                int shade = 255 - (level * 255 / (Levels - 1));
                svg.Path(path.ToString(), string.Create(CultureInfo.InvariantCulture, $"rgb({shade},{shade},{shade})"));
            }
        }

        return svg.Finish();
    }

    /// <summary>0 (white, empty) to <see cref="Levels"/> − 1 (black, as dense as the densest block).</summary>
    private static int Level(double value, double densest) =>
        densest <= 0 ? 0 : (int)Math.Round(Math.Clamp(value / densest, 0, 1) * (Levels - 1));
}
