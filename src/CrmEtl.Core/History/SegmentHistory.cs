using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.History;

/// <summary>
/// Each customer's segment in each segmentation, across runs, storing only changes: a row is the
/// customer's segment from run <c>valid_from_run</c> up to (not including) <c>valid_to_run</c>,
/// or up to now when <c>valid_to_run</c> is NULL. A customer whose segment is unchanged adds no row.
/// Carried into each new database with the journal.
/// </summary>
public sealed class SegmentHistory(DuckDBConnection connection)
{
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS segment_history (
            segmentation VARCHAR, customer_id VARCHAR, segment VARCHAR, valid_from_run INTEGER, valid_to_run INTEGER);
        """;

    /// <summary>The segmentations, each a query of (customer_id, segment) over the tables it needs.</summary>
    private static readonly Segmentation[] Segmentations =
    [
        new("tier", ["customer_tiers"], "SELECT customer_id, tier AS segment FROM customer_tiers"),
        new("rfm", ["customer_rfm"], "SELECT customer_id, segment FROM customer_rfm"),
        new("cltv", ["cltv_predictions"], "SELECT customer_id, clv_segment AS segment FROM cltv_predictions"),
        new("persona", ["customer_personas", "persona_segments"],
            "SELECT c.customer_id, s.segment FROM customer_personas AS c JOIN persona_segments AS s USING (persona)"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Segmentations.Select(s => s.Name)];

    /// <summary>
    /// Closes the rows of customers whose segment changed or who left, and opens rows for the new segments; returns the
    /// number of rows closed and opened.
    /// </summary>
    public long Record(int runId)
    {
        connection.Execute(CreateTable);
        var tables = connection.Query<string>(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'").ToHashSet();
        var present = Segmentations.Where(s => s.Tables.All(tables.Contains)).ToList();
        var current = present.Count == 0
            ? "SELECT NULL::VARCHAR AS segmentation, NULL::VARCHAR AS customer_id, NULL::VARCHAR AS segment WHERE false"
            : string.Join("\nUNION ALL\n", present.Select(s =>
                $"SELECT DISTINCT '{s.Name}' AS segmentation, CAST(customer_id AS VARCHAR) AS customer_id, CAST(segment AS VARCHAR) AS segment " +
                $"FROM ({s.Query}) WHERE segment IS NOT NULL"));

        if (connection.ExecuteScalar<long>("SELECT count(*) FROM segment_history WHERE valid_to_run IS NULL") == 0)
        {
            // A first run (or one after every segmentation vanished): nothing to close, every current segment opens a row.
            return connection.Execute($"INSERT INTO segment_history SELECT segmentation, customer_id, segment, $run_id, NULL FROM ({current})",
                new { run_id = runId });
        }

        // One full join of this run's segments with the open rows finds both sides of every change: the rows to close
        // (open, no longer current) and to open (current, not yet open). Two NOT EXISTS anti-joins, one per side, took
        // two to four times as long.
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE current_segments AS {current};
            CREATE OR REPLACE TEMP TABLE segment_changes AS
            SELECT coalesce(c.segmentation, h.segmentation) AS segmentation, coalesce(c.customer_id, h.customer_id) AS customer_id,
                   h.segment AS closed_segment, c.segment AS opened_segment
            FROM current_segments AS c
            FULL JOIN (SELECT segmentation, customer_id, segment FROM segment_history WHERE valid_to_run IS NULL) AS h
              ON c.segmentation = h.segmentation AND c.customer_id = h.customer_id AND c.segment = h.segment
            WHERE c.segment IS NULL OR h.segment IS NULL;
            """);
        try
        {
            var closed = connection.Execute(
                """
                UPDATE segment_history AS h SET valid_to_run = $run_id
                FROM segment_changes AS x
                WHERE h.valid_to_run IS NULL AND x.closed_segment IS NOT NULL
                  AND x.segmentation = h.segmentation AND x.customer_id = h.customer_id AND x.closed_segment = h.segment
                """,
                new { run_id = runId });
            var opened = connection.Execute(
                """
                INSERT INTO segment_history
                SELECT segmentation, customer_id, opened_segment, $run_id, NULL
                FROM segment_changes
                WHERE opened_segment IS NOT NULL
                """,
                new { run_id = runId });
            return (long)closed + opened;
        }
        finally
        {
            connection.Execute("DROP TABLE IF EXISTS current_segments; DROP TABLE IF EXISTS segment_changes;");
        }
    }

    private sealed record Segmentation(string Name, string[] Tables, string Query);
}
