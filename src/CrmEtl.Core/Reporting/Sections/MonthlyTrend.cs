using System.Globalization;
using CrmEtl.Core.Reporting.Charts;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

public sealed record MonthRow(DateTime Month, bool MonthComplete, long NewCustomers, long ActiveCustomers, double Revenue, double? RetentionRate);

/// <summary>Section 7: the last months of <c>monthly_kpis</c>, newest first, and their line chart.</summary>
public sealed record MonthlyTrend(IReadOnlyList<MonthRow> Months, ReportImage? Chart)
{
    public const int MonthsShown = 24;

    public static MonthlyTrend? Read(DuckDBConnection connection)
    {
        var months = connection.Query<MonthRow>("""
            SELECT month::TIMESTAMP AS Month, month_complete AS MonthComplete, new_customers AS NewCustomers,
                   active_customers AS ActiveCustomers, revenue::DOUBLE AS Revenue, retention_rate AS RetentionRate
            FROM monthly_kpis ORDER BY month DESC LIMIT $shown
            """, new { shown = MonthsShown }).ToList();
        if (months.All(m => m.ActiveCustomers == 0))
        {
            return null;
        }

        return new MonthlyTrend(months, Draw(months));
    }

    /// <summary>Complete months only (a partial last month would read as a collapse), and at least three: two points make no trend.</summary>
    private static ReportImage? Draw(IReadOnlyList<MonthRow> months)
    {
        var shown = months.Where(m => m.MonthComplete).OrderBy(m => m.Month).ToList();
        if (shown.Count < 3)
        {
            return null;
        }

        var png = LineChart.Render(
            [.. shown.Select(m => m.Month.ToString("MMM yy", CultureInfo.InvariantCulture))],
            [
                new ChartSeries("Active customers", "#2563eb", [.. shown.Select(m => (double)m.ActiveCustomers)]),
                new ChartSeries("New customers", "#16a34a", [.. shown.Select(m => (double)m.NewCustomers)]),
                new ChartSeries("Revenue (right axis)", "#9ca3af", [.. shown.Select(m => m.Revenue)], Dashed: true, RightAxis: true),
            ],
            "Customers", "Revenue");
        var alt = FormattableString.Invariant($"Line chart of active and new customers and revenue per month, {shown[0].Month:MMM yyyy} to {shown[^1].Month:MMM yyyy}; ")
            + FormattableString.Invariant($"{shown[^1].Month:MMM yyyy}: {shown[^1].ActiveCustomers:N0} active, {shown[^1].NewCustomers:N0} new, revenue {shown[^1].Revenue:N0}. ")
            + "The numbers are in the table below.";
        return new ReportImage("kpi-trend@crmetl", alt, png);
    }
}
