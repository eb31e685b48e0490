using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;

namespace CrmEtl.Cli;

/// <summary>
/// <c>crmetl run --json</c>: one JSON object on stdout and nothing else, for a scheduler or a
/// monitoring job; on failure the same object with status "failed", the error and the exit code.
/// The error is also printed to stderr as without --json.
/// </summary>
internal static class RunJson
{
    public static int Execute(CliConsole console, Func<ProjectConfig> readConfig, string outputDirectory, bool eml, bool send)
    {
        var observer = new CollectingObserver();
        RunSummary? summary = null;
        string? databasePath = null;
        try
        {
            var config = readConfig();
            if (send)
            {
                SendCommand.RequireSmtp(config, "--send");
            }

            var options = new PipelineOptions(config, outputDirectory);
            databasePath = options.DatabasePath;
            summary = new Pipeline(observer).Run(options);
            SendCommand.AfterRun(console, summary, config, eml, send, quiet: true);
            Write(console, Summary("succeeded", UserErrors.ExitSuccess, summary, databasePath, observer));
            return UserErrors.ExitSuccess;
        }
        catch (Exception error)
        {
            var exit = UserErrors.Report(console, error);
            var json = Summary("failed", exit, summary, databasePath, observer);
            json["error"] = new JsonObject
            {
                ["kind"] = UserErrors.KindOf(error),
                ["message"] = error.Message,
            };
            Write(console, json);
            return exit;
        }
    }

    private static JsonObject Summary(string status, int exit, RunSummary? summary, string? databasePath, CollectingObserver observer)
    {
        var stages = new JsonObject();
        foreach (var (stage, _, elapsed) in observer.Stages)
        {
            stages[stage] = Seconds(elapsed);
        }

        return new JsonObject
        {
            ["status"] = status,
            ["exitCode"] = exit,
            ["runId"] = summary?.RunId,
            ["asOf"] = summary?.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["seconds"] = summary is null ? null : Seconds(summary.Elapsed),
            ["stages"] = stages,
            ["inputs"] = summary is null ? new JsonArray() : new JsonArray([.. summary.Inputs.Select(Input)]),
            ["warnings"] = new JsonArray([.. observer.Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
            ["database"] = databasePath is null ? null : Path.GetFullPath(databasePath),
            ["reports"] = summary is null ? new JsonArray() : new JsonArray([.. summary.Reports.Select((r, i) => Report(summary, r.Name, i))]),
        };
    }

    private static JsonObject Input(Core.Loading.LoadedSource input) => new()
    {
        ["source"] = input.Name,
        ["path"] = input.Path,
        ["rows"] = input.Rows,
        ["rowsKept"] = input.RowsKept,
        ["rowsDroppedAsDuplicates"] = input.RowsDroppedAsDuplicates,
        ["sha256"] = input.Sha256,
        ["files"] = new JsonArray([.. input.Files.Select(f => (JsonNode)new JsonObject
        {
            ["path"] = f.Path, ["bytes"] = f.Bytes, ["sha256"] = f.Sha256, ["rows"] = f.Rows,
        })]),
    };

    private static JsonObject Report(RunSummary summary, string name, int index)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(summary.DatabasePath))!;
        return new JsonObject
        {
            ["name"] = name,
            ["path"] = Path.Combine(folder, name + ".html"),
            ["archived"] = index < summary.ArchivedReportPaths.Count ? Path.GetFullPath(summary.ArchivedReportPaths[index]) : null,
        };
    }

    private static double Seconds(TimeSpan elapsed) => Math.Round(elapsed.TotalSeconds, 3);

    private static void Write(CliConsole console, JsonObject json)
    {
        var writer = console.Out.Profile.Out.Writer;
        writer.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        writer.Flush();
    }
}
