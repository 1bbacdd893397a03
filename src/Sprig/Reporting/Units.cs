using System.Globalization;

namespace Sprig.Reporting;

/// <summary>Short human-readable numbers for tables and chart labels (invariant culture).</summary>
internal static class Units
{
    /// <summary>1234567 → "1.23 M".</summary>
    public static string Count(double value)
    {
        double a = Math.Abs(value);
        return a >= 1e9 ? F($"{value / 1e9:0.##} G") : a >= 1e6 ? F($"{value / 1e6:0.##} M") : a >= 1e3 ? F($"{value / 1e3:0.##} k") : F($"{value:0.##}");
    }

    /// <summary>Bytes in KB/MB (powers of 1000).</summary>
    public static string Bytes(double value) => value >= 1e6 ? F($"{value / 1e6:0.##} MB") : value >= 1e3 ? F($"{value / 1e3:0.#} KB") : F($"{value:0} B");

    /// <summary>0.9512 → "95.12%".</summary>
    public static string Percent(double fraction) => F($"{fraction * 100:0.##}%");

    /// <summary>A plain number with up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 3) =>
        double.IsNaN(value) ? "–" : value.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
