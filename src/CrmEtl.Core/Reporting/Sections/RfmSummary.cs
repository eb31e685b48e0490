using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

/// <summary>A cell of the RF grid: its segment (from the grid rules, even when empty) and how many customers it holds.</summary>
public sealed record RfmCell(int RecencyScore, int FrequencyScore, string Segment, string Color, long Customers);

public sealed record RfmSegmentRow(
    string Segment, string Color, long Customers, double Share, double AvgRecency, double AvgFrequency, double AvgMonetary,
    double? RevenueShare, string? Action);

/// <summary>Section 6: the 5 × 5 recency × frequency grid and the segment table with each segment's suggested action.</summary>
public sealed record RfmSummary(IReadOnlyList<IReadOnlyList<RfmCell>> GridRows, IReadOnlyList<RfmSegmentRow> Segments, long Customers)
{
    private const string NoColor = "#f3f4f6";

    public const int SegmentsShown = 12;

    /// <summary>Rules with many segments show the first ones and one row for the rest (averages weighted by customers).</summary>
    private static List<RfmSegmentRow> Capped(List<RfmSegmentRow> segments)
    {
        if (segments.Count <= SegmentsShown)
        {
            return segments;
        }

        var rest = segments.Skip(SegmentsShown - 1).ToList();
        var customers = rest.Sum(s => s.Customers);
        double weighted(Func<RfmSegmentRow, double> value) => customers == 0 ? 0 : rest.Sum(s => value(s) * s.Customers) / customers;
        return [.. segments.Take(SegmentsShown - 1), new RfmSegmentRow($"{rest.Count} other segments", NoColor, customers, rest.Sum(s => s.Share),
            weighted(s => s.AvgRecency), weighted(s => s.AvgFrequency), weighted(s => s.AvgMonetary), rest.Sum(s => s.RevenueShare), null)];
    }

    /// <summary>Projects made with an older <c>crmetl init</c> have no actions table: their segments show without actions.</summary>
    private const string NoActions =
        "(SELECT NULL::VARCHAR AS segment, NULL::VARCHAR AS color, NULL::VARCHAR AS action, NULL::INTEGER AS report_order WHERE false)";

    public static RfmSummary? Read(DuckDBConnection connection)
    {
        var actions = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'rfm_segment_actions' AND database_name = current_database()") > 0
            ? "rfm_segment_actions"
            : NoActions;
        var segments = connection.Query<RfmSegmentRow>($"""
            WITH per_segment AS (
                SELECT segment, count(*) AS customers, avg(recency) AS avg_recency, avg(frequency) AS avg_frequency,
                       avg(monetary) AS avg_monetary, sum(monetary) AS revenue
                FROM customer_rfm GROUP BY segment
            )
            SELECT s.segment AS Segment, coalesce(a.color, $no_color) AS Color, s.customers AS Customers,
                   s.customers / sum(s.customers) OVER () AS Share, s.avg_recency::DOUBLE AS AvgRecency,
                   s.avg_frequency::DOUBLE AS AvgFrequency, coalesce(s.avg_monetary, 0)::DOUBLE AS AvgMonetary,
                   s.revenue / nullif(sum(s.revenue) OVER (), 0) AS RevenueShare, a.action AS Action
            FROM per_segment AS s LEFT JOIN {actions} AS a ON a.segment = s.segment
            ORDER BY a.report_order NULLS LAST, s.customers DESC, s.segment
            """, new { no_color = NoColor }).ToList();
        if (segments.Count == 0)
        {
            return null;
        }

        // The same first-rule-wins reading of rfm_segments as sql/310_customer_rfm.sql, for the cells no customer falls in.
        var cells = connection.Query<RfmCell>($"""
            WITH grid AS (
                SELECT r.recency_score, f.frequency_score,
                       coalesce(arg_min(rule.segment, rule.rule_order), 'unclassified') AS segment
                FROM range(1, 6) AS r(recency_score) CROSS JOIN range(1, 6) AS f(frequency_score)
                LEFT JOIN rfm_segments AS rule
                       ON r.recency_score BETWEEN rule.recency_score_min AND rule.recency_score_max
                      AND f.frequency_score BETWEEN rule.frequency_score_min AND rule.frequency_score_max
                GROUP BY ALL
            ),
            counts AS (SELECT recency_score, frequency_score, count(*) AS customers FROM customer_rfm GROUP BY ALL)
            SELECT g.recency_score::INTEGER AS RecencyScore, g.frequency_score::INTEGER AS FrequencyScore, g.segment AS Segment,
                   coalesce(a.color, $no_color) AS Color, coalesce(c.customers, 0) AS Customers
            FROM grid AS g
            LEFT JOIN counts AS c USING (recency_score, frequency_score)
            LEFT JOIN {actions} AS a ON a.segment = g.segment
            ORDER BY g.frequency_score DESC, g.recency_score
            """, new { no_color = NoColor }).ToList();
        var rows = cells.GroupBy(c => c.FrequencyScore).Select(g => (IReadOnlyList<RfmCell>)[.. g]).ToList();
        return new RfmSummary(rows, Capped(segments), segments.Sum(s => s.Customers));
    }
}
