using System.Text.Json;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.History;

/// <summary>How many customers moved from one segment to another between two runs (<c>(none)</c>: not in the segmentation).</summary>
public sealed record SegmentMigration(string Segmentation, string FromSegment, string ToSegment, long Customers);

/// <summary>Something a run read that differs between two runs: an input, a parameter, a rule file or a script.</summary>
public sealed record RunChange(string Kind, string Name, string From, string To);

/// <summary>What changed between two successful runs: the customers' segments and what produced them.</summary>
public sealed record RunDiff(int FromRun, int ToRun, IReadOnlyList<SegmentMigration> Migrations, IReadOnlyList<RunChange> Changes)
{
    public const string Absent = "(none)";

    /// <summary>Compares two runs of the database; without runs given, the last two successful ones.</summary>
    public static RunDiff Between(DuckDBConnection connection, int? fromRun, int? toRun)
    {
        var succeeded = connection.Query<int>("SELECT run_id FROM runs WHERE status = 'succeeded' ORDER BY run_id").ToList();
        var to = toRun ?? (succeeded.Count > 0 ? succeeded[^1] : throw new CrmEtlException("The database has no successful run yet: run `crmetl run` twice, then diff."));
        var from = fromRun ?? succeeded.LastOrDefault(r => r < to);
        foreach (var run in new[] { from, to })
        {
            if (!succeeded.Contains(run))
            {
                throw new CrmEtlException(run == 0
                    ? $"There is no successful run before run {to} to compare it with: run `crmetl run` again, or give --from."
                    : $"Run {run} is not a successful run of this database (successful runs: {string.Join(", ", succeeded)}); give one of those with --from or --to.");
            }
        }

        return new RunDiff(from, to, MigrationsBetween(connection, from, to), [.. Inputs(connection, from, to), .. Parameters(connection, from, to), .. Files(connection, from, to)]);
    }

    private static List<SegmentMigration> MigrationsBetween(DuckDBConnection connection, int from, int to) =>
        !HasTable(connection, "segment_history") ? [] : connection.Query<SegmentMigration>(
            """
            WITH at_from AS (
                SELECT segmentation, customer_id, segment FROM segment_history
                WHERE valid_from_run <= $from_run AND (valid_to_run IS NULL OR valid_to_run > $from_run)),
            at_to AS (
                SELECT segmentation, customer_id, segment FROM segment_history
                WHERE valid_from_run <= $to_run AND (valid_to_run IS NULL OR valid_to_run > $to_run))
            SELECT coalesce(f.segmentation, t.segmentation) AS Segmentation,
                   coalesce(f.segment, $absent) AS FromSegment,
                   coalesce(t.segment, $absent) AS ToSegment,
                   count(*) AS Customers
            FROM at_from AS f
            FULL JOIN at_to AS t ON f.segmentation = t.segmentation AND f.customer_id = t.customer_id
            GROUP BY ALL
            ORDER BY Segmentation, FromSegment, ToSegment
            """,
            new { from_run = from, to_run = to, absent = Absent }).ToList();

    private static IEnumerable<RunChange> Inputs(DuckDBConnection connection, int from, int to)
    {
        Dictionary<string, string> Read(int run)
        {
            var json = connection.ExecuteScalar<string?>("SELECT inputs::VARCHAR FROM runs WHERE run_id = $run", new { run });
            using var document = JsonDocument.Parse(json ?? "[]");
            return document.RootElement.EnumerateArray().ToDictionary(
                i => i.GetProperty("source").GetString() ?? string.Empty,
                i => $"{Path.GetFileName(i.GetProperty("path").GetString())} {i.GetProperty("sha256").GetString()}");
        }

        return Compare("input", Read(from), Read(to));
    }

    private static IEnumerable<RunChange> Parameters(DuckDBConnection connection, int from, int to)
    {
        Dictionary<string, string> Read(int run) =>
            JsonSerializer.Deserialize<Dictionary<string, string>>(
                connection.ExecuteScalar<string?>("SELECT parameters::VARCHAR FROM runs WHERE run_id = $run", new { run }) ?? "{}") ?? [];

        return Compare("parameter", Read(from), Read(to));
    }

    private static IEnumerable<RunChange> Files(DuckDBConnection connection, int from, int to)
    {
        Dictionary<string, string> Scripts(int run) => connection.Query<(string Script, string Sha256)>(
            "SELECT script, sha256 FROM script_log WHERE run_id = $run", new { run }).GroupBy(s => s.Script).ToDictionary(g => g.Key, g => g.First().Sha256);

        Dictionary<string, string> Rules(int run) => !HasTable(connection, "rule_files") ? [] : connection.Query<(string File, string Sha256)>(
            "SELECT file, sha256 FROM rule_files WHERE run_id = $run", new { run }).ToDictionary(s => s.File, s => s.Sha256);

        return Compare("rule file", Rules(from), Rules(to)).Concat(Compare("script", Scripts(from), Scripts(to)));
    }

    private static IEnumerable<RunChange> Compare(string kind, Dictionary<string, string> from, Dictionary<string, string> to) =>
        from.Keys.Union(to.Keys).Order(StringComparer.Ordinal)
            .Select(name => new RunChange(kind, name, from.GetValueOrDefault(name, Absent), to.GetValueOrDefault(name, Absent)))
            .Where(change => change.From != change.To);

    private static bool HasTable(DuckDBConnection connection, string table) =>
        connection.ExecuteScalar<long>(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $table",
            new { table }) > 0;
}
