using ScottPlot;

namespace CrmEtl.Core.Reporting.Charts;

/// <summary>A series of a line chart: one value per date.</summary>
public sealed record ChartSeries(string Label, string Color, IReadOnlyList<DateTime> Dates, IReadOnlyList<double> Values, bool Dashed = false, bool RightAxis = false);

/// <summary>
/// A date line chart as a PNG, drawn on the server (ScottPlot on SkiaSharp): mail clients show a
/// PNG attached by Content-ID, where they would drop SVG, scripts or <c>data:</c> images.
/// </summary>
public static class LineChart
{
    /// <summary>The width the report shows the chart at, in CSS pixels; the PNG has twice the pixels for sharp screens.</summary>
    public const int DisplayWidth = 624;

    public const int DisplayHeight = 240;

    public static byte[] Render(IReadOnlyList<ChartSeries> series, string leftAxisLabel, string? rightAxisLabel = null, DateTime? marker = null, string? markerLabel = null)
    {
        ShippedFont.Install();
        var plot = new Plot { ScaleFactor = 2 };
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#e5e7eb");

        foreach (var s in series)
        {
            var line = plot.Add.Scatter(s.Dates.Select(d => d.ToOADate()).ToArray(), s.Values.ToArray());
            line.LegendText = s.Label;
            line.Color = Color.FromHex(s.Color);
            line.LineWidth = 2;
            line.MarkerSize = s.Dates.Count <= 36 ? 4 : 0;
            line.LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            if (s.RightAxis)
            {
                line.Axes.YAxis = plot.Axes.Right;
            }
        }

        if (marker is { } at)
        {
            var line = plot.Add.VerticalLine(at.ToOADate());
            line.Color = Color.FromHex("#6b7280");
            line.LinePattern = LinePattern.Dotted;
            line.LineWidth = 1;
            if (markerLabel is not null)
            {
                line.Text = markerLabel;
                line.LabelOppositeAxis = true;
                line.LabelFontColor = Color.FromHex("#374151");
                line.LabelBackgroundColor = Colors.White;
            }
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Left.Label.Text = leftAxisLabel;
        plot.Axes.Left.Label.FontSize = 12;
        if (rightAxisLabel is not null)
        {
            plot.Axes.Right.Label.Text = rightAxisLabel;
            plot.Axes.Right.Label.FontSize = 12;
        }

        plot.Axes.Margins(bottom: 0);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Legend.FontSize = 11;
        plot.ShowLegend();
        return plot.GetImageBytes(DisplayWidth, DisplayHeight, ImageFormat.Png);
    }
}
