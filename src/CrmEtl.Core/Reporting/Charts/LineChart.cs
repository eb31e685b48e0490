using System.Globalization;
using ScottPlot;

namespace CrmEtl.Core.Reporting.Charts;

/// <summary>A series of a line chart: one value per point of the chart's x axis.</summary>
public sealed record ChartSeries(string Label, string Color, IReadOnlyList<double> Values, bool Dashed = false, bool RightAxis = false);

/// <summary>
/// A line chart as a PNG, drawn on the server (ScottPlot on SkiaSharp): mail clients show a PNG
/// attached by Content-ID, where they would drop SVG, scripts or <c>data:</c> images.
/// </summary>
public static class LineChart
{
    /// <summary>The size the report shows the chart at, in CSS pixels; the PNG has more pixels (<see cref="PixelsPerCssPixel"/>).</summary>
    public const int DisplayWidth = 624;

    public const int DisplayHeight = 280;

    /// <summary>
    /// One and a half image pixels per CSS pixel: sharp on a desktop, and about three device pixels per CSS pixel on a phone,
    /// which shows the chart at about 340 px. At two, the report file with both charts embedded went over 100 KB.
    /// </summary>
    public const float PixelsPerCssPixel = 1.5f;

    private const int MaxTickLabels = 6;

    /// <summary>
    /// Text sizes in CSS pixels at the full width. A phone shows the chart at about 55 % (340 of 624 px), where these
    /// still read as 7–8 px (at 11 px the tick labels shrank to 6 px). The legend and axis titles are smaller so that the legend stays on one row and "Cumulative repeat purchases" fits the height.
    /// </summary>
    private const float TickFontSize = 14;

    private const float LabelFontSize = 13;

    private const float LegendFontSize = 12;

    /// <param name="xLabels">One label per point, e.g. "Mar 24"; at most <see cref="MaxTickLabels"/> are written under the axis.</param>
    /// <param name="markerAt">Draws a dotted vertical line at this point (e.g. the as-of date of a holdout).</param>
    public static byte[] Render(
        IReadOnlyList<string> xLabels, IReadOnlyList<ChartSeries> series, string leftAxisLabel, string? rightAxisLabel = null,
        int? markerAt = null, string? markerLabel = null)
    {
        ShippedFont.Install();
        var plot = new Plot { ScaleFactor = PixelsPerCssPixel };
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#e5e7eb");
        var xs = Enumerable.Range(0, xLabels.Count).Select(i => (double)i).ToArray();

        foreach (var s in series)
        {
            var line = plot.Add.Scatter(xs, s.Values.ToArray());
            line.LegendText = s.Label;
            line.Color = Color.FromHex(s.Color);
            line.LineWidth = 2;
            line.MarkerSize = xLabels.Count <= 36 ? 4 : 0;
            line.LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            if (s.RightAxis)
            {
                line.Axes.YAxis = plot.Axes.Right;
            }
        }

        if (markerAt is { } at)
        {
            var line = plot.Add.VerticalLine(at);
            line.Color = Color.FromHex("#6b7280");
            line.LinePattern = LinePattern.Dotted;
            line.LineWidth = 1.5f;
            line.LegendText = markerLabel ?? string.Empty;
        }

        var step = Math.Max(1, (int)Math.Ceiling(xLabels.Count / (double)MaxTickLabels));
        var ticks = Enumerable.Range(0, xLabels.Count).Where(i => (xLabels.Count - 1 - i) % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => xLabels[i])]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickFontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickFontSize;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Compact };
        plot.Axes.Left.Label.Text = leftAxisLabel;
        plot.Axes.Left.Label.FontSize = LabelFontSize;
        if (rightAxisLabel is not null)
        {
            plot.Axes.Right.Label.Text = rightAxisLabel;
            plot.Axes.Right.Label.FontSize = LabelFontSize;
            plot.Axes.Right.TickLabelStyle.FontSize = TickFontSize;
            plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Compact };
        }

        plot.Legend.FontSize = LegendFontSize;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
        return PalettePng.Reencode(plot.GetImageBytes((int)(DisplayWidth * PixelsPerCssPixel), (int)(DisplayHeight * PixelsPerCssPixel), ImageFormat.Png));
    }

    /// <summary>1,200 → "1.2k", 3,400,000 → "3.4M": axis labels stay short at mail width.</summary>
    private static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("#,0.##", CultureInfo.InvariantCulture),
    };
}
