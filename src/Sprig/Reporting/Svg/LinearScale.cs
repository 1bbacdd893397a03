namespace Sprig.Reporting.Svg;

/// <summary>Maps data values onto pixels and picks round tick values, like a plotting library's linear axis.</summary>
internal sealed class LinearScale
{
    private readonly double _min;
    private readonly double _max;
    private readonly double _from;
    private readonly double _to;

    /// <summary>A scale over the data range padded out to round ticks of at least <paramref name="minStep"/>; a flat range is widened.</summary>
    public LinearScale(double min, double max, double from, double to, double minStep = 0)
    {
        if (!(max > min))
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        double step = Math.Max(minStep, TickStep(max - min));
        _min = Math.Floor(min / step) * step;
        _max = Math.Ceiling(max / step) * step;
        _from = from;
        _to = to;
        Step = step;
    }

    /// <summary>The distance between ticks.</summary>
    public double Step { get; }

    /// <summary>The pixel position of <paramref name="value"/>.</summary>
    public double Map(double value) => _from + ((value - _min) / (_max - _min) * (_to - _from));

    /// <summary>The tick values from the lower to the upper end.</summary>
    public IEnumerable<double> Ticks()
    {
        int count = (int)Math.Round((_max - _min) / Step);
        for (int i = 0; i <= count; i++)
        {
            yield return _min + (i * Step);
        }
    }

    /// <summary>A step of 1, 2 or 5 times a power of ten giving about five ticks.</summary>
    private static double TickStep(double span)
    {
        double raw = span / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / power;
        return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
    }
}
