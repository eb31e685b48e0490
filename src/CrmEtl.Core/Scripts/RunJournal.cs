using System.Data.Common;
using System.Text.Json;
using CrmEtl.Core.History;
using CrmEtl.Core.Loading;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// The record every run leaves in the database: <c>runs</c> (one row per run), <c>script_log</c>
/// (one row per script or data test), <c>load_rejects</c> (lines the CSV reader refused) and
/// <c>mail_log</c> (each attempt to send the report mail) and <c>run_kpis</c> (the report's headline
/// figures, so the next report can say how they moved), <c>segment_history</c> (each customer's
/// segments, changes only) and <c>rule_files</c> (the rule tables each run read, by hash).
/// Each run carries the history forward into its new database; a failed run is recorded in the
/// database it failed to replace.
/// </summary>
public sealed class RunJournal(DuckDBConnection connection)
{
    public void EnsureTables() => connection.Execute("""
        CREATE TABLE IF NOT EXISTS runs (
            run_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR,
            as_of DATE, inputs JSON, parameters JSON, timings JSON, error VARCHAR, tool_version VARCHAR);
        CREATE TABLE IF NOT EXISTS script_log (
            run_id INTEGER, kind VARCHAR, script VARCHAR, sha256 VARCHAR, duration_ms DOUBLE,
            rows_written BIGINT, status VARCHAR, error VARCHAR);
        CREATE TABLE IF NOT EXISTS load_rejects (
            run_id INTEGER, source VARCHAR, path VARCHAR, line BIGINT, column_name VARCHAR,
            error_type VARCHAR, csv_line VARCHAR, message VARCHAR);
        CREATE TABLE IF NOT EXISTS mail_log (
            run_id INTEGER, sent_at TIMESTAMP, subject VARCHAR, sender VARCHAR, recipients VARCHAR,
            server VARCHAR, message_id VARCHAR, status VARCHAR, error VARCHAR);
        CREATE TABLE IF NOT EXISTS run_kpis (run_id INTEGER, kpi VARCHAR, value DOUBLE);
        """ + SegmentHistory.CreateTable + RuleFileLog.CreateTable);

    private static readonly string[] Tables = ["runs", "script_log", "load_rejects", "mail_log", "run_kpis", "segment_history", "rule_files"];

    /// <summary>Creates the journal tables, filled with the history of the previous database if there is one.</summary>
    public void CarryHistoryFrom(string? previousDatabase)
    {
        EnsureTables();
        if (previousDatabase is null)
        {
            return;
        }

        connection.Execute($"ATTACH {SqlText.Literal(previousDatabase)} AS previous (READ_ONLY)");
        try
        {
            var existing = connection.Query<string>(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'previous' AND schema_name = 'main'").ToHashSet();
            foreach (var table in Tables.Where(existing.Contains))
            {
                connection.Execute($"INSERT INTO {table} BY NAME SELECT * FROM previous.main.{table}");
            }
        }
        finally
        {
            connection.Execute("DETACH previous");
        }
    }

    public int Start(string toolVersion)
    {
        var runId = connection.ExecuteScalar<int>("SELECT coalesce(max(run_id), 0) + 1 FROM runs");
        connection.Execute(
            "INSERT INTO runs (run_id, started_at, status, tool_version) VALUES ($run_id, now()::TIMESTAMP, $status, $version)",
            new { run_id = runId, status = RunStatus.Running.SqlName(), version = toolVersion });
        return runId;
    }

    /// <summary>Records a run that was never started in this database (a failed run's entry in the old one).</summary>
    public void Record(int runId, RunRecord record)
    {
        var elapsed = record.Timings.TryGetValue("total", out var total) ? total.TotalMilliseconds : 0;
        InTransaction(transaction =>
        {
            connection.Execute(
                """
                INSERT INTO runs (run_id, started_at, status, tool_version)
                VALUES ($run_id, now()::TIMESTAMP - to_milliseconds(CAST($elapsed AS BIGINT)), $status, $version)
                """,
                new { run_id = runId, elapsed, status = RunStatus.Running.SqlName(), version = RunScope.ToolVersion },
                transaction);
            Write(runId, record, transaction);
        });
    }

    public void Finish(int runId, RunRecord record) => InTransaction(transaction => Write(runId, record, transaction));

    /// <summary>All of a run's journal or none of it: disposing an uncommitted transaction rolls it back.</summary>
    private void InTransaction(Action<DbTransaction> work)
    {
        using var transaction = connection.BeginTransaction();
        work(transaction);
        transaction.Commit();
    }

    private void Write(int runId, RunRecord record, DbTransaction transaction)
    {
        connection.Execute(
            """
            UPDATE runs SET finished_at = now()::TIMESTAMP, status = $status, as_of = CAST($as_of AS DATE),
                inputs = $inputs, parameters = $parameters, timings = $timings, error = $error
            WHERE run_id = $run_id
            """,
            new
            {
                run_id = runId,
                status = record.Status.SqlName(),
                as_of = record.AsOf?.ToString("yyyy-MM-dd"),
                inputs = JsonSerializer.Serialize(record.Inputs.Select(i => new
                {
                    source = i.Name, path = i.Path, rows = i.Rows, sha256 = i.Sha256,
                    rows_left_out_by_where = i.RowsLeftOutByWhere, rows_without_customer_id = i.RowsWithoutCustomerId,
                    rows_dropped_as_duplicates = i.RowsDroppedAsDuplicates,
                    files = i.Files.Select(f => new { file = f.Path, bytes = f.Bytes, sha256 = f.Sha256, rows = f.Rows }),
                })),
                parameters = JsonSerializer.Serialize(record.Parameters),
                timings = JsonSerializer.Serialize(record.Timings.ToDictionary(t => t.Key, t => Math.Round(t.Value.TotalMilliseconds, 1))),
                error = record.Error,
            },
            transaction);

        using (var appender = connection.CreateAppender("script_log"))
        {
            foreach (var script in record.Scripts)
            {
                appender.CreateRow().AppendValue(runId).AppendValue(script.Kind.SqlName()).AppendValue(script.Script).AppendValue(script.Sha256)
                    .AppendValue(script.Duration.TotalMilliseconds).AppendValue(script.RowsWritten).AppendValue(script.Status.SqlName())
                    .AppendValue(script.Error).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("load_rejects"))
        {
            foreach (var reject in record.Rejects)
            {
                appender.CreateRow().AppendValue(runId).AppendValue(reject.Source).AppendValue(reject.Path).AppendValue(reject.Line)
                    .AppendValue(reject.Column).AppendValue(reject.ErrorType).AppendValue(reject.CsvLine).AppendValue(reject.Message)
                    .EndRow();
            }
        }
    }
}

/// <summary>What a finished (or failed) run leaves in the journal.</summary>
public sealed record RunRecord(
    RunStatus Status,
    DateOnly? AsOf,
    IReadOnlyList<LoadedSource> Inputs,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, TimeSpan> Timings,
    IReadOnlyList<ScriptResult> Scripts,
    IReadOnlyList<RejectedRow> Rejects,
    string? Error);
