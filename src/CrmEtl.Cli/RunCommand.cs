using System.CommandLine;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl run</c>: load the inputs, run the SQL, write the database and the report.</summary>
internal static class RunCommand
{
    private static readonly Option<FileInfo?> Config = new("--config", "-c") { Description = "A crmetl.json describing sources, as-of date and parameters (default: ./crmetl.json if present)" };
    private static readonly Option<string?> Purchases = new("--purchases") { Description = "Purchases CSV (canonical columns)" };
    private static readonly Option<string?> Leads = new("--leads") { Description = "Leads CSV (canonical columns)" };
    private static readonly Option<string?> Ads = new("--ads") { Description = "Ads CSV (canonical columns)" };
    private static readonly Option<string?> Customers = new("--customers") { Description = "Per-customer summary CSV (canonical columns)" };
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "Analysis date YYYY-MM-DD; data after it is ignored (default: the last purchase date)" };
    private static readonly Option<string> Out = new("--out", "-o") { Description = "Output folder for crm.duckdb and report.html", DefaultValueFactory = _ => "out" };
    private static readonly Option<string[]> Set = new("--set") { Description = "Override a parameter: --set name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print nothing but errors (for cron: silent on success)" };
    private static readonly Option<bool> Eml = new("--eml") { Description = "Also write the report as a mail message, out/NAME.eml (always on when crmetl.json has a mail section)" };
    private static readonly Option<bool> Send = new("--send") { Description = "Send the report mail over the SMTP server of crmetl.json's mail section (exit code 4 if it is not delivered)" };

    public static Command Create()
    {
        var command = new Command("run", "Load the inputs, run the SQL models and tests, and render the report.")
        {
            Config, Purchases, Leads, Ads, Customers, AsOf, Out, Set, Quiet, Eml, Send,
        };
        command.SetAction(result => UserErrors.Handle(() =>
            Execute(ReadConfig(result), result.GetValue(Out)!, result.GetValue(Quiet), result.GetValue(Eml), result.GetValue(Send))));
        return command;
    }

    public static int Execute(ProjectConfig config, string outputDirectory, bool quiet = false, bool eml = false, bool send = false)
    {
        if (send)
        {
            SendCommand.RequireSmtp(config, "--send");
        }

        var options = new PipelineOptions(config, outputDirectory);
        var summary = ConsoleObserver.Run(observer => new Pipeline(observer).Run(options), quiet);
        if (!quiet)
        {
            RunReport.Print(summary);
        }

        SendCommand.AfterRun(summary, config, eml, send, quiet);
        return 0;
    }

    private static ProjectConfig ReadConfig(ParseResult result)
    {
        var configFile = result.GetValue(Config)?.FullName
            ?? (File.Exists("crmetl.json") ? Path.GetFullPath("crmetl.json") : null);
        var config = configFile is null ? ProjectConfig.Empty : ConfigReader.Read(configFile);

        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, option) in new[] { ("purchases", Purchases), ("leads", Leads), ("ads", Ads), ("customers", Customers) })
        {
            if (result.GetValue(option) is { } path)
            {
                sources[name] = SourceSpec.ForFile(Path.GetFullPath(path));
            }
        }

        var asOf = result.GetValue(AsOf) is { } text ? ConfigReader.ParseDate(text, "--as-of") : (DateOnly?)null;
        var merged = config.With(sources, asOf, ParseAssignments(result.GetValue(Set) ?? []));
        if (merged.Sources.Count == 0)
        {
            throw new CrmEtlException("No inputs: give --purchases/--leads/--ads/--customers, or a crmetl.json with sources (--config).");
        }

        return merged;
    }

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
