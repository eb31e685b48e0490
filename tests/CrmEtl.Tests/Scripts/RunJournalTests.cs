using CrmEtl.Core.Loading;
using CrmEtl.Core.Scripts;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Scripts;

public sealed class RunJournalTests : IDisposable
{
    private readonly DuckDBConnection connection = new("DataSource=:memory:");
    private readonly RunJournal journal;

    public RunJournalTests()
    {
        connection.Open();
        journal = new RunJournal(connection);
        journal.EnsureTables();
    }

    public void Dispose() => connection.Dispose();

    [Fact]
    public void Finish_records_the_run_every_script_and_every_refused_line()
    {
        var runId = journal.Start("test");
        var rejects = Enumerable.Range(1, 20_000)
            .Select(i => new RejectedRow("purchases", "p.csv", i + 1, i % 2 == 0 ? "price" : null, "CAST", i % 3 == 0 ? null : $"T{i},x", "bad"))
            .ToList();

        journal.Finish(runId, Record(RunStatus.Failed, rejects, "p.csv, line 2: bad"));

        Assert.Equal(("failed", "p.csv, line 2: bad"), connection.QuerySingle<(string, string)>("SELECT status, error FROM runs"));
        Assert.Equal(
            [(runId, "model", "010_a.sql", 12L, "succeeded", (string?)null), (runId, "test", "t.sql", 3L, "failed", "3 offending row(s)")],
            connection.Query<(int, string, string, long, string, string?)>(
                "SELECT run_id, kind, script, rows_written, status, error FROM script_log ORDER BY script"));
        Assert.Equal(20_000, connection.ExecuteScalar<long>("SELECT count(*) FROM load_rejects WHERE run_id = $runId", new { runId }));
        Assert.Equal(
            ("purchases", "p.csv", 7L, "price", "CAST", (string?)null, "bad"),
            connection.QuerySingle<(string, string, long, string, string, string?, string)>(
                "SELECT source, path, line, column_name, error_type, csv_line, message FROM load_rejects WHERE line = 7"));
    }

    [Fact]
    public void A_journal_that_cannot_be_written_is_rolled_back_whole()
    {
        var runId = journal.Start("test");
        connection.Execute("CREATE OR REPLACE TABLE load_rejects (run_id INTEGER)");

        Assert.ThrowsAny<Exception>(() => journal.Finish(runId, Record(RunStatus.Succeeded, [new RejectedRow("leads", "l.csv", 2, null, "CAST", null, "bad")])));

        Assert.Equal(("running", true), connection.QuerySingle<(string, bool)>("SELECT status, finished_at IS NULL FROM runs"));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT count(*) FROM script_log"));

        journal.Finish(runId, Record(RunStatus.Succeeded, []));
        Assert.Equal("succeeded", connection.ExecuteScalar<string>("SELECT status FROM runs"));
    }

    [Fact]
    public void Record_enters_a_run_that_never_started_here()
    {
        journal.Record(7, Record(RunStatus.Failed, [], "boom"));

        Assert.Equal((7, "failed", "boom", 2L), connection.QuerySingle<(int, string, string, long)>(
            "SELECT run_id, status, error, (SELECT count(*) FROM script_log WHERE run_id = 7) FROM runs"));
    }

    private static RunRecord Record(RunStatus status, IReadOnlyList<RejectedRow> rejects, string? error = null) => new(
        status,
        new DateOnly(2024, 5, 26),
        [],
        new Dictionary<string, string> { ["tier_lookback_months"] = "6" },
        new Dictionary<string, TimeSpan> { ["total"] = TimeSpan.FromSeconds(2) },
        [
            new ScriptResult(ScriptKind.Model, "010_a.sql", "abc", TimeSpan.FromMilliseconds(5), 12, ScriptStatus.Succeeded),
            new ScriptResult(ScriptKind.Test, "t.sql", "def", TimeSpan.FromMilliseconds(1), 3, ScriptStatus.Failed, "3 offending row(s)"),
        ],
        rejects,
        error);
}
