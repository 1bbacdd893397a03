using System.Globalization;
using System.Security;
using System.Text;

namespace Sprig.Reporting.Svg;

/// <summary>Appends SVG elements to a string with invariant numbers and escaped text; the only place that writes SVG markup.</summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _svg = new();

    public SvgWriter(double width, double height, string title)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0.#}\" height=\"{height:0.#}\" viewBox=\"0 0 {width:0.#} {height:0.#}\" role=\"img\">");
        _svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1) =>
        _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{stroke}\" stroke-width=\"{width:0.##}\"/>");

    public void Rect(double x, double y, double width, double height, string fill, string? tooltip = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(0, width):0.##}\" height=\"{Math.Max(0, height):0.##}\" fill=\"{fill}\"");
        CloseWithTooltip("rect", tooltip);
    }

    public void Circle(double x, double y, double radius, string fill, string? tooltip = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.##}\" cy=\"{y:0.##}\" r=\"{radius:0.##}\" fill=\"{fill}\" fill-opacity=\"0.8\"");
        CloseWithTooltip("circle", tooltip);
    }

    /// <summary>A filled path; <paramref name="data"/> is SVG path data such as <c>M0 0h4v4h-4z</c>.</summary>
    public void Path(string data, string fill) => _svg.Append("<path fill=\"").Append(fill).Append("\" d=\"").Append(data).Append("\"/>");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke)
    {
        _svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(stroke).Append("\" points=\"");
        foreach (var (x, y) in points)
        {
            _svg.Append(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##} ");
        }

        _svg.Append("\"/>");
    }

    /// <summary>Text anchored at (x, y); <paramref name="anchor"/> is <c>start</c>, <c>middle</c> or <c>end</c>.</summary>
    public void Text(double x, double y, string text, string anchor = "start", double size = 11, double rotate = 0)
    {
        string transform = rotate == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" transform=\"rotate({rotate:0.#} {x:0.##} {y:0.##})\"");
        _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{y:0.##}\" font-size=\"{size:0.#}\" text-anchor=\"{anchor}\"{transform}>{Escape(text)}</text>");
    }

    public string Finish() => _svg.Append("</svg>").ToString();

    public static string Escape(string text) => SecurityElement.Escape(text);

    private void CloseWithTooltip(string element, string? tooltip)
    {
        if (tooltip is null)
        {
            _svg.Append("/>");
        }
        else
        {
            _svg.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(element).Append('>');
        }
    }
}
