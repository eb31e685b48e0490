using System.Text.Json;
using CrmEtl.Core.Reporting;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.History;

/// <summary>
/// What one run read, as name → value for each kind of thing two runs are compared by: inputs
/// (file name and sha256), parameters, rule files and scripts (sha256). <see cref="RuleFiles"/> is
/// null for a run that kept no history (made before <c>rule_files</c> and <c>segment_history</c> existed).
/// </summary>
public sealed record RunFacts(
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string>? RuleFiles,
    IReadOnlyDictionary<string, string> Scripts)
{
    public bool HasHistory => RuleFiles is not null;

    /// <summary>How an input is compared: its file name and content hash, so a renamed or changed file both show.</summary>
    public static string InputValue(string path, string sha256) => $"{Path.GetFileName(path)} {sha256}";

    /// <summary>A run of the journal (its <c>runs</c>, <c>script_log</c> and <c>rule_files</c> rows).</summary>
    public static RunFacts Read(DuckDBConnection connection, int run)
    {
        var inputsJson = connection.ExecuteScalar<string?>("SELECT inputs::VARCHAR FROM runs WHERE run_id = $run", new { run });
        using var inputs = JsonDocument.Parse(inputsJson ?? "[]");
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(
            connection.ExecuteScalar<string?>("SELECT parameters::VARCHAR FROM runs WHERE run_id = $run", new { run }) ?? "{}") ?? [];
        var scripts = connection.Query<(string Script, string Sha256)>("SELECT script, sha256 FROM script_log WHERE run_id = $run", new { run })
            .GroupBy(s => s.Script).ToDictionary(g => g.Key, g => g.First().Sha256);
        var ruleFiles = HistoryKept(connection, run)
            ? connection.Query<(string File, string Sha256)>("SELECT file, sha256 FROM rule_files WHERE run_id = $run", new { run })
                .ToDictionary(s => s.File, s => s.Sha256)
            : null;
        return new RunFacts(
            InputsByName(inputs.RootElement.EnumerateArray().Select(i => (
                i.GetProperty("source").GetString() ?? string.Empty,
                i.GetProperty("path").GetString() ?? string.Empty,
                i.GetProperty("sha256").GetString() ?? string.Empty))),
            parameters, ruleFiles, scripts);
    }

    /// <summary>The run being built, whose journal rows are written only when it ends (its history is already recorded).</summary>
    public static RunFacts Of(RunInfo run) => new(
        InputsByName(run.Inputs.Select(i => (i.Name, i.Path, i.Sha256))),
        run.Parameters,
        run.RuleFiles.ToDictionary(r => r.Name, r => r.Sha256),
        run.Scripts.GroupBy(s => s.Script).ToDictionary(g => g.Key, g => g.First().Sha256));

    /// <summary>An input by its source's name, or by source and file name where a source read several files.</summary>
    private static Dictionary<string, string> InputsByName(IEnumerable<(string Source, string Path, string Sha256)> inputs) =>
        inputs.GroupBy(i => i.Source)
            .SelectMany(g => g.Count() == 1
                ? g.Select(i => (Key: i.Source, i))
                : g.Select(i => (Key: $"{i.Source}: {Path.GetFileName(i.Path)}", i)))
            .GroupBy(k => k.Key)
            .ToDictionary(k => k.Key, k => InputValue(k.First().i.Path, k.First().i.Sha256));

    /// <summary>
    /// Every run since the first one that recorded history has it (rows are only ever added or
    /// closed); a run before that, or any run of a database made before history was kept, has none.
    /// </summary>
    private static bool HistoryKept(DuckDBConnection connection, int run)
    {
        if (!RunDiff.HasTable(connection, "segment_history") || !RunDiff.HasTable(connection, "rule_files"))
        {
            return false;
        }

        var first = connection.ExecuteScalar<int?>(
            "SELECT least((SELECT min(valid_from_run) FROM segment_history), (SELECT min(run_id) FROM rule_files))");
        return first is { } f && run >= f;
    }
}
