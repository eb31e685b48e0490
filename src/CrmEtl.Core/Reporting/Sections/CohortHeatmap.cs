using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

/// <summary>A cohort's row: its size and the share still buying 1, 2, … months after its first month (null: not reached yet).</summary>
public sealed record CohortRow(DateTime CohortMonth, long CohortSize, IReadOnlyList<double?> Retention);

/// <summary>Section 8: cohort retention as a heatmap of the latest cohorts over their first months.</summary>
public sealed record CohortHeatmap(IReadOnlyList<CohortRow> Cohorts, int MonthsSince)
{
    public const int CohortsShown = 12;

    public const int MonthsShown = 12;

    private sealed record Cell(DateTime CohortMonth, long CohortSize, int MonthsSince, double RetentionRate);

    public static CohortHeatmap? Read(DuckDBConnection connection)
    {
        var cells = connection.Query<Cell>("""
            WITH latest AS (SELECT DISTINCT cohort_month FROM cohort_retention ORDER BY cohort_month DESC LIMIT $cohorts)
            SELECT cohort_month::TIMESTAMP AS CohortMonth, cohort_size AS CohortSize, months_since AS MonthsSince,
                   retention_rate::DOUBLE AS RetentionRate
            FROM cohort_retention
            WHERE cohort_month IN (SELECT cohort_month FROM latest) AND months_since BETWEEN 1 AND $months AND cohort_size > 0
            ORDER BY cohort_month, months_since
            """, new { cohorts = CohortsShown, months = MonthsShown }).ToList();
        if (cells.Count == 0)
        {
            return null;
        }

        var monthsSince = cells.Max(c => c.MonthsSince);
        var rows = cells.GroupBy(c => (c.CohortMonth, c.CohortSize))
            .Select(g => new CohortRow(g.Key.CohortMonth, g.Key.CohortSize,
                [.. Enumerable.Range(1, monthsSince).Select(m => g.FirstOrDefault(c => c.MonthsSince == m)?.RetentionRate)]))
            .ToList();
        return new CohortHeatmap(rows, monthsSince);
    }
}
