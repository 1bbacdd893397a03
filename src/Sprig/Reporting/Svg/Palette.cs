namespace Sprig.Reporting.Svg;

/// <summary>Distinguishable colours for series (the Tableau 10 palette, readable on white and for most colour blindness).</summary>
internal static class Palette
{
    private static readonly string[] s_colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    public static string Color(int index) => s_colors[index % s_colors.Length];
}
