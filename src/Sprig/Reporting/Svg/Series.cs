namespace Sprig.Reporting.Svg;

/// <summary>A named list of points, drawn as one line or one colour of dots.</summary>
internal sealed record Series(string Label, IReadOnlyList<(double X, double Y)> Points);
