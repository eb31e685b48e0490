using System.CommandLine;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;

namespace CrmEtl.Cli;

/// <summary><c>crmetl run</c>: load the inputs, run the SQL, write the database and the report.</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "A crmetl.json describing sources, as-of date and parameters (default: ./crmetl.json if present)" };
        var purchases = new Option<string?>("--purchases") { Description = "Purchases CSV (canonical columns); a folder or a quoted pattern ('exports/purchases-*.csv') reads several files as one" };
        var leads = new Option<string?>("--leads") { Description = "Leads CSV (canonical columns)" };
        var ads = new Option<string?>("--ads") { Description = "Ads CSV (canonical columns)" };
        var customers = new Option<string?>("--customers") { Description = "Per-customer summary CSV (canonical columns)" };
        var asOf = new Option<string?>("--as-of") { Description = "Analysis date: YYYY-MM-DD, today, yesterday, last-week-end (the last Sunday before today) or last-month-end; data after it is ignored (default: the last purchase date)" };
        var output = new Option<string>("--out", "-o") { Description = "Output folder for crm.duckdb and report.html", DefaultValueFactory = _ => "out" };
        var set = new Option<string[]>("--set") { Description = "Override a parameter: --set name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var memoryLimit = new Option<string?>("--memory-limit") { Description = "Memory the whole run may use, at least 256MB, e.g. 12GB: DuckDB gets three fifths of what is left after the runtime's 150 MB, beyond which sorts, joins and aggregates spill to the temp directory (default: half the machine's memory, or crmetl.json's memoryLimit)" };
        var tempDirectory = new Option<string?>("--temp-directory") { Description = "Where DuckDB spills data beyond the memory limit (default: OUT/crm.duckdb.tmp, or crmetl.json's tempDirectory)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors (for cron: silent on success)" };
        var eml = new Option<bool>("--eml") { Description = "Also write the report as a mail message, out/NAME.eml (always on when crmetl.json has a mail section)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary on stdout and nothing else (run id, status, timings, row counts, warnings, report paths); on failure status \"failed\" with the error" };
        var send = new Option<bool>("--send") { Description = "Send the report mail over the SMTP server of crmetl.json's mail section (exit code 4 if it is not delivered)" };

        var preview = new Option<bool>("--preview")
        {
            Description = "Build into OUT/preview (a copy of the current database and its own reports), replace nothing, and print the diff against the current database",
        };
        var command = new Command("run", "Load the inputs, run the SQL models and tests, and render the report.")
        {
            config, purchases, leads, ads, customers, asOf, output, set, memoryLimit, tempDirectory, quiet, eml, send, json, preview,
        };
        command.SetAction(result =>
        {
            var sourcePaths = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["purchases"] = result.GetValue(purchases),
                ["leads"] = result.GetValue(leads),
                ["ads"] = result.GetValue(ads),
                ["customers"] = result.GetValue(customers),
            };
            ProjectConfig Project() => WithEngine(
                ReadConfig(console.Clock, result.GetValue(config), sourcePaths, result.GetValue(asOf), result.GetValue(set) ?? []),
                result.GetValue(memoryLimit),
                result.GetValue(tempDirectory));
            if (result.GetValue(json))
            {
                return RunJson.Execute(console, Project, result.GetValue(output)!, result.GetValue(eml), result.GetValue(send));
            }

            return UserErrors.Handle(console, () => result.GetValue(preview)
                ? RunPreview.Execute(console, Project(), result.GetValue(output)!, result.GetValue(quiet), result.GetValue(eml) || result.GetValue(send))
                : Execute(console, Project(), result.GetValue(output)!, result.GetValue(quiet), result.GetValue(eml), result.GetValue(send)));
        });
        return command;
    }

    public static int Execute(CliConsole console, ProjectConfig config, string outputDirectory, bool quiet = false, bool eml = false, bool send = false)
    {
        if (send)
        {
            SendCommand.RequireSmtp(config, "--send");
        }

        var options = new PipelineOptions(config, outputDirectory);
        var summary = ConsoleObserver.Run(console, observer => new Pipeline(observer).Run(options), quiet);
        if (!quiet)
        {
            RunReport.Print(console.Out, summary);
        }

        SendCommand.AfterRun(console, summary, config, eml, send, quiet);
        return 0;
    }

    /// <summary>The config file (given, or ./crmetl.json), overridden by the command line's sources, as-of date and --set.</summary>
    /// <param name="forValidate">For <c>crmetl validate</c>, which checks the scripts on empty inputs when there are no sources, and finds the config itself.</param>
    internal static ProjectConfig ReadConfig(
        TimeProvider clock, FileInfo? configFile, Dictionary<string, string?> sourcePaths, string? asOfText, string[] assignments, bool forValidate = false)
    {
        var configPath = configFile?.FullName ?? (File.Exists("crmetl.json") && !forValidate ? Path.GetFullPath("crmetl.json") : null);
        var config = configPath is null ? ProjectConfig.Empty : ConfigReader.Read(configPath, clock);

        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, path) in sourcePaths)
        {
            if (path is not null)
            {
                sources[name] = SourceSpec.ForFile(Path.GetFullPath(path));
            }
        }

        var asOf = asOfText is null ? (DateOnly?)null : AsOfExpression.Resolve(asOfText, "--as-of", clock);
        var merged = config.With(sources, asOf, ParseAssignments(assignments));
        if (merged.Sources.Count == 0 && !forValidate)
        {
            throw new CrmEtlException("No inputs: give --purchases/--leads/--ads/--customers, or a crmetl.json with sources (--config).");
        }

        return merged;
    }

    private static ProjectConfig WithEngine(ProjectConfig config, string? memoryLimit, string? tempDirectory) => config with
    {
        MemoryLimit = memoryLimit is null ? config.MemoryLimit : EngineSettings.CheckMemoryLimit(memoryLimit, "--memory-limit"),
        TempDirectory = tempDirectory is null ? config.TempDirectory : Path.GetFullPath(tempDirectory),
    };

    private static Dictionary<string, string> ParseAssignments(string[] assignments)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CrmEtlException($"--set {assignment}: write it as name=value, e.g. --set tier_lookback_months=3.");
            }

            parameters[assignment[..equals].Trim()] = assignment[(equals + 1)..].Trim();
        }

        return parameters;
    }
}
