using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// Runs scripts statement by statement, in order, and records each one. A failing statement
/// stops the run with the script's name, the statement and DuckDB's message.
/// </summary>
public sealed partial class ScriptRunner(DuckDBConnection connection)
{
    public IReadOnlyList<ScriptResult> Run(
        ScriptKind kind, IEnumerable<SqlScript> scripts, Action<ScriptResult>? completed = null, Action<SqlScript>? starting = null)
    {
        var results = new List<ScriptResult>();
        foreach (var script in scripts)
        {
            starting?.Invoke(script);
            var result = RunOne(kind, script, completed);
            results.Add(result);
            completed?.Invoke(result);
        }

        return results;
    }

    private ScriptResult RunOne(ScriptKind kind, SqlScript script, Action<ScriptResult>? completed)
    {
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        foreach (var statement in SqlStatementSplitter.Split(script.Text))
        {
            rows += DuckDbErrors.Translate(
                () => Execute(statement.Text),
                e =>
                {
                    completed?.Invoke(new ScriptResult(kind, script.Name, script.Sha256, stopwatch.Elapsed, rows, ScriptStatus.Failed, e.Message));
                    return $"{script.Label}, statement {statement.Number} (line {statement.Line}) failed:\n" +
                           $"  {Excerpt(statement.Text)}\n{e.Message.Trim()}";
                });
        }

        return new ScriptResult(kind, script.Name, script.Sha256, stopwatch.Elapsed, rows, ScriptStatus.Succeeded);
    }

    /// <summary>Rows written: DuckDB reports none for CREATE TABLE AS, so count the new table.</summary>
    private long Execute(string statement)
    {
        var affected = connection.Execute(statement);
        var created = CreatedTable().Match(statement);
        return created.Success
            ? connection.ExecuteScalar<long>($"SELECT count(*) FROM {created.Groups["name"].Value}")
            : Math.Max(affected, 0);
    }

    private static string Excerpt(string statement)
    {
        var firstLines = string.Join("\n  ", statement.Split('\n').Take(3).Select(l => l.TrimEnd()));
        return statement.Count(c => c == '\n') > 2 ? firstLines + "\n  ..." : firstLines;
    }

    [GeneratedRegex(@"^\s*CREATE\s+(OR\s+REPLACE\s+)?(TEMP(ORARY)?\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>[\w.""]+)\s+AS\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedTable();
}
