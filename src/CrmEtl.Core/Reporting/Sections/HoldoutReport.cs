using System.Globalization;
using CrmEtl.Core.Reporting.Charts;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

public sealed record HoldoutSummary(
    DateTime CalibrationEnd, DateTime HoldoutEnd, long Customers, double ActualPurchases, double? PredictedPurchases,
    double? RelativeError, double? MeanAbsoluteError, double? Correlation);

public sealed record TrackingPeriod(DateTime PeriodEnd, bool InHoldout, double Actual, double Expected, double CumulativeActual, double CumulativeExpected);

public sealed record HoldoutFrequencyRow(string FrequencyGroup, long Customers, double MeanActual, double? MeanPredicted);

/// <summary>Section 9, when a holdout was run: predicted against actual purchases after the as-of date.</summary>
public sealed record HoldoutReport(HoldoutSummary Summary, IReadOnlyList<TrackingPeriod> Tracking, IReadOnlyList<HoldoutFrequencyRow> ByFrequency, ReportImage? Chart)
{
    /// <summary>The tracking table shows at most this many periods (the chart shows all); the rest are summed into the next.</summary>
    public const int PeriodsShown = 16;

    public static HoldoutReport? Read(DuckDBConnection connection)
    {
        var summary = connection.QueryFirstOrDefault<HoldoutSummary>("""
            SELECT calibration_end::TIMESTAMP AS CalibrationEnd, holdout_end::TIMESTAMP AS HoldoutEnd, customers AS Customers,
                   actual_purchases::DOUBLE AS ActualPurchases, predicted_purchases AS PredictedPurchases, relative_error AS RelativeError,
                   mean_absolute_error AS MeanAbsoluteError, correlation AS Correlation
            FROM cltv_holdout_summary
            """);
        if (summary is null || summary.Customers == 0)
        {
            return null;
        }

        var tracking = connection.Query<TrackingPeriod>("""
            SELECT period_end::TIMESTAMP AS PeriodEnd, in_holdout AS InHoldout, actual_repeat_purchases::DOUBLE AS Actual,
                   coalesce(expected_repeat_purchases, 0) AS Expected, cumulative_actual_repeat_purchases::DOUBLE AS CumulativeActual,
                   coalesce(cumulative_expected_repeat_purchases, 0) AS CumulativeExpected
            FROM cltv_tracking ORDER BY period_index
            """).ToList();
        var byFrequency = connection.Query<HoldoutFrequencyRow>("""
            SELECT frequency_group AS FrequencyGroup, customers AS Customers, mean_actual_purchases AS MeanActual,
                   mean_predicted_purchases AS MeanPredicted
            FROM cltv_holdout_by_frequency ORDER BY frequency_bin
            """).ToList();
        return new HoldoutReport(summary, Thin(tracking), byFrequency, Draw(summary, tracking));
    }

    /// <summary>Every n-th period (and the last), so a long history keeps the table short; cumulative columns stay exact.</summary>
    private static List<TrackingPeriod> Thin(List<TrackingPeriod> tracking)
    {
        var step = (int)Math.Ceiling(tracking.Count / (double)PeriodsShown);
        return step <= 1 ? tracking : [.. tracking.Where((_, i) => (tracking.Count - 1 - i) % step == 0)];
    }

    private static ReportImage? Draw(HoldoutSummary summary, List<TrackingPeriod> tracking)
    {
        if (tracking.Count < 2 || summary.PredictedPurchases is null)
        {
            return null;
        }

        var asOfPeriod = tracking.FindLastIndex(t => !t.InHoldout);
        var png = LineChart.Render(
            [.. tracking.Select(t => t.PeriodEnd.ToString("d MMM yy", CultureInfo.InvariantCulture))],
            [
                new ChartSeries("Actual", "#111827", [.. tracking.Select(t => t.CumulativeActual)]),
                new ChartSeries("Model", "#dc2626", [.. tracking.Select(t => t.CumulativeExpected)], Dashed: true),
            ],
            "Cumulative repeat purchases", markerAt: asOfPeriod >= 0 ? asOfPeriod : null, markerLabel: "as-of date");
        var last = tracking[^1];
        var alt = FormattableString.Invariant($"Tracking chart: cumulative repeat purchases, actual against the model, to {last.PeriodEnd:d MMM yyyy}; ")
            + FormattableString.Invariant($"the model is fitted up to {summary.CalibrationEnd:d MMM yyyy} and predicts after it. At the end: actual {last.CumulativeActual:N0}, ")
            + FormattableString.Invariant($"model {last.CumulativeExpected:N0}. The numbers are in the table below.");
        return new ReportImage("holdout-tracking@crmetl", alt, png);
    }
}
