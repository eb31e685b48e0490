using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.History;

/// <summary>How many customers moved from one segment to another between two runs (<c>(none)</c>: not in the segmentation).</summary>
public sealed record SegmentMigration(string Segmentation, string FromSegment, string ToSegment, long Customers);

/// <summary>Something a run read that differs between two runs: an input, a parameter, a rule file or a script.</summary>
public sealed record RunChange(string Kind, string Name, string From, string To);

/// <summary>
/// What changed between two successful runs: the customers' segments and what produced them.
/// When either run kept no history (<see cref="RunsWithoutHistory"/>), there are no migrations and
/// no rule files to compare: only inputs, parameters and scripts.
/// </summary>
public sealed record RunDiff(int FromRun, int ToRun, IReadOnlyList<SegmentMigration> Migrations, IReadOnlyList<RunChange> Changes)
{
    public const string Absent = "(none)";

    public const string InputKind = "input";
    public const string ParameterKind = "parameter";
    public const string RuleFileKind = "rule file";
    public const string ScriptKind = "script";

    /// <summary>Those of the two runs that recorded no segment history (made before crmetl kept one).</summary>
    public IReadOnlyList<int> RunsWithoutHistory { get; init; } = [];

    public bool HistoryCompared => RunsWithoutHistory.Count == 0;

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

        return Compare(connection, from, RunFacts.Read(connection, from), to, RunFacts.Read(connection, to));
    }

    /// <summary>
    /// For the report: the last successful run before <paramref name="currentRun"/> against the run
    /// being built (its segments already recorded, its journal not yet written); null on a first run.
    /// </summary>
    public static RunDiff? SinceLastRun(DuckDBConnection connection, int currentRun, RunFacts current)
    {
        var previous = connection.ExecuteScalar<int?>(
            "SELECT max(run_id) FROM runs WHERE status = 'succeeded' AND run_id < $run", new { run = currentRun });
        return previous is { } run ? Compare(connection, run, RunFacts.Read(connection, run), currentRun, current) : null;
    }

    private static RunDiff Compare(DuckDBConnection connection, int from, RunFacts before, int to, RunFacts after)
    {
        var withoutHistory = new[] { (from, before), (to, after) }.Where(r => !r.Item2.HasHistory).Select(r => r.Item1).ToList();
        IEnumerable<RunChange> changes =
        [
            .. Compare(InputKind, before.Inputs, after.Inputs),
            .. Compare(ParameterKind, before.Parameters, after.Parameters),
            .. before.RuleFiles is { } rulesBefore && after.RuleFiles is { } rulesAfter ? Compare(RuleFileKind, rulesBefore, rulesAfter) : Enumerable.Empty<RunChange>(),
            .. Compare(ScriptKind, before.Scripts, after.Scripts),
        ];
        return new RunDiff(from, to, withoutHistory.Count > 0 ? [] : MigrationsBetween(connection, from, to), [.. changes])
        {
            RunsWithoutHistory = withoutHistory,
        };
    }

    private static List<SegmentMigration> MigrationsBetween(DuckDBConnection connection, int from, int to) =>
        connection.Query<SegmentMigration>(
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

    private static IEnumerable<RunChange> Compare(string kind, IReadOnlyDictionary<string, string> from, IReadOnlyDictionary<string, string> to) =>
        from.Keys.Union(to.Keys).Order(StringComparer.Ordinal)
            .Select(name => new RunChange(kind, name, from.GetValueOrDefault(name, Absent), to.GetValueOrDefault(name, Absent)))
            .Where(change => change.From != change.To);

    internal static bool HasTable(DuckDBConnection connection, string table) =>
        connection.ExecuteScalar<long>(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $table",
            new { table }) > 0;
}
