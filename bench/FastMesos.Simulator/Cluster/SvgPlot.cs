using System.Globalization;
using System.Net;
using System.Text;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// One small line chart as hand-written SVG: axes from 0 to each maximum, the extreme values as tick
/// labels, and the points as a polyline. Deterministic: the same points give the same bytes.
/// </summary>
internal static class SvgPlot
{
    private const int Width = 480, Height = 300, Left = 60, Right = 20, Top = 30, Bottom = 45;

    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points)
    {
        double maxX = 0, maxY = 0;
        foreach ((double x, double y) in points)
        {
            maxX = Math.Max(maxX, x);
            maxY = Math.Max(maxY, y);
        }

        maxX = maxX > 0 ? maxX : 1;
        maxY = maxY > 0 ? maxY : 1;
        const int PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">{WebUtility.HtmlEncode(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{Left},{Top} V{Top + PlotH} H{Left + PlotW}\" fill=\"none\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Top + PlotH + 14}\" text-anchor=\"middle\">0</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + PlotW}\" y=\"{Top + PlotH + 14}\" text-anchor=\"end\">{Number(maxX)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + PlotW / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + PlotH}\" text-anchor=\"end\">0</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{Number(maxY)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14,{Top + PlotH / 2}) rotate(-90)\" text-anchor=\"middle\">{WebUtility.HtmlEncode(yLabel)}</text>\n");
        svg.Append("<polyline fill=\"none\" stroke=\"steelblue\" stroke-width=\"1.5\" points=\"");
        foreach ((double x, double y) in points)
            svg.Append(CultureInfo.InvariantCulture, $"{Left + x / maxX * PlotW:F1},{Top + PlotH - y / maxY * PlotH:F1} ");
        svg.Append("\"/>\n</svg>\n");
        return svg.ToString();
    }

    private static string Number(double v) => v.ToString(v >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);
}
