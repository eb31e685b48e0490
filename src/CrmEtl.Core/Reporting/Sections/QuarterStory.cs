using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

/// <summary>A quarter: its active customers by revenue segment (in the order of <see cref="QuarterStory.Labels"/>), and its revenue.</summary>
public sealed record QuarterRow(string Quarter, long Customers, double Revenue, IReadOnlyList<long> BySegment);

/// <summary>Section 10: the quarterly customer story, compactly: each recent quarter's active customers per revenue segment.</summary>
public sealed record QuarterStory(IReadOnlyList<string> Labels, IReadOnlyList<QuarterRow> Quarters)
{
    public const int QuartersShown = 8;

    private sealed record Cell(string Quarter, int Bin, long Customers, double Revenue);

    public static QuarterStory? Read(DuckDBConnection connection)
    {
        var labels = connection.Query<(long Bin, string Label)>(
            "SELECT bin, label FROM quarter_segment_labels WHERE bin >= 1 ORDER BY bin").ToList();
        var cells = connection.Query<Cell>("""
            WITH latest AS (SELECT quarter_start FROM quarter_calendar ORDER BY quarter_start DESC LIMIT $shown)
            SELECT c.quarter AS Quarter, q.revenue_bin AS Bin, count(*) AS Customers, coalesce(sum(q.revenue), 0)::DOUBLE AS Revenue
            FROM customer_quarters AS q JOIN quarter_calendar AS c USING (quarter_start)
            WHERE q.quarter_start IN (SELECT quarter_start FROM latest)
            GROUP BY ALL ORDER BY c.quarter, q.revenue_bin
            """, new { shown = QuartersShown }).ToList();
        if (cells.Count == 0 || labels.Count == 0)
        {
            return null;
        }

        var quarters = cells.GroupBy(c => c.Quarter).OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => new QuarterRow(g.Key, g.Sum(c => c.Customers), g.Sum(c => c.Revenue),
                [.. labels.Select(l => g.Where(c => c.Bin == l.Bin).Sum(c => c.Customers))]))
            .ToList();
        return new QuarterStory([.. labels.Select(l => l.Label)], quarters);
    }
}
