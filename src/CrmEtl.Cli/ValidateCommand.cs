using System.CommandLine;
using System.Diagnostics;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Validation;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>
/// <c>crmetl validate</c>: every problem a run would stop on, found in well under a second without
/// loading data, one line each with its file and line; exit code 1 when there is any.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var project = new Option<DirectoryInfo?>("--project", "-p") { Description = "The project folder (its crmetl.json, sql/ and templates/); default: the folder of --config, else the current folder" };
        var config = new Option<FileInfo?>("--config", "-c") { Description = "A crmetl.json, as for `crmetl run` (default: ./crmetl.json if present)" };
        var purchases = new Option<string?>("--purchases") { Description = "Purchases CSV, as for `crmetl run` (only its header is read)" };
        var leads = new Option<string?>("--leads") { Description = "Leads CSV (only its header is read)" };
        var ads = new Option<string?>("--ads") { Description = "Ads CSV (only its header is read)" };
        var customers = new Option<string?>("--customers") { Description = "Per-customer summary CSV (only its header is read)" };
        var asOf = new Option<string?>("--as-of") { Description = "Analysis date, as for `crmetl run`" };
        var set = new Option<string[]>("--set") { Description = "Override a parameter: --set name=value (repeatable)", AllowMultipleArgumentsPerToken = false };

        var command = new Command(
            "validate",
            "Check a project in a second without loading data (config, sources' headers, parameters, rule tables and tests, every SQL script, " +
            "templates); list every problem with its file and line, exit code 1 if any.")
        {
            project, config, purchases, leads, ads, customers, asOf, set,
        };
        command.SetAction(result => UserErrors.Handle(console, () =>
        {
            var sourcePaths = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["purchases"] = result.GetValue(purchases),
                ["leads"] = result.GetValue(leads),
                ["ads"] = result.GetValue(ads),
                ["customers"] = result.GetValue(customers),
            };
            return Execute(console, result.GetValue(project)?.FullName, result.GetValue(config), sourcePaths, result.GetValue(asOf), result.GetValue(set) ?? []);
        }));
        return command;
    }

    private static int Execute(
        CliConsole console, string? projectDirectory, FileInfo? configFile, Dictionary<string, string?> sourcePaths, string? asOf, string[] assignments)
    {
        var clock = Stopwatch.StartNew();
        var report = new ValidationReport();
        projectDirectory ??= configFile is null && !File.Exists("crmetl.json") && HasProjectFiles(Directory.GetCurrentDirectory())
            ? Directory.GetCurrentDirectory()
            : null;
        var configPath = configFile?.FullName ?? DefaultConfig(projectDirectory);
        ProjectConfig config;
        try
        {
            config = RunCommand.ReadConfig(console.Clock, configPath is null ? null : new FileInfo(configPath), sourcePaths, asOf, assignments, forValidate: true);
        }
        catch (CrmEtlException e)
        {
            report.Problem(e.Message);
            config = ProjectConfig.Empty with { ProjectDirectory = configPath is null ? null : Path.GetDirectoryName(configPath) };
        }

        if (projectDirectory is not null)
        {
            config = config with { ProjectDirectory = projectDirectory };
        }

        if (configPath is null && projectDirectory is not null && HasProjectFiles(projectDirectory))
        {
            report.Note(
                $"{projectDirectory} has no crmetl.json: `crmetl run` uses a project's files only through its config (--config {Path.Combine(projectDirectory, "crmetl.json")}). " +
                $"`crmetl init {projectDirectory}` writes one next to your files (it keeps the files you have).");
        }

        var today = DateOnly.FromDateTime(console.Clock.GetLocalNow().Date);
        ProjectValidator.Validate(config, configPath, today, report);
        Print(console, report, clock.Elapsed);
        return report.Ok ? UserErrors.ExitSuccess : UserErrors.ExitUserError;
    }

    /// <summary>A given project's crmetl.json; else ./crmetl.json, as <c>crmetl run</c> picks it up.</summary>
    private static string? DefaultConfig(string? projectDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(projectDirectory ?? ".", "crmetl.json"));
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Run in a folder of project files without a crmetl.json, validate checks that folder: the
    /// user means their files (and is told that a run needs a config to use them).
    /// </summary>
    private static bool HasProjectFiles(string folder) =>
        CrmEtl.Core.Resources.ProjectFiles.Folders.Any(f => Directory.Exists(Path.Combine(folder, f)));

    private static void Print(CliConsole console, ValidationReport report, TimeSpan elapsed)
    {
        foreach (var problem in report.Problems)
        {
            console.Out.MarkupLine(Markup.Escape(problem));
        }

        if (report.FollowOnErrors > 0)
        {
            report.Note($"{report.FollowOnErrors} more error(s) only repeat the ones above (a table, view or macro that a failing statement did not create).");
        }

        foreach (var note in report.Notes)
        {
            console.Out.MarkupLine(Markup.Escape("note: " + note));
        }

        var checkedItems = $"{report.Scripts} scripts, {report.RuleTables} rule tables, {report.Templates} templates" +
                           (report.SourceFiles > 0 ? $", {report.SourceFiles} source file(s)" : string.Empty) +
                           $" checked in {elapsed.TotalSeconds:0.00} s";
        if (report.Ok)
        {
            console.Out.MarkupLine(Markup.Escape($"ok: {checkedItems}."));
        }
        else
        {
            console.Error($"{report.Problems.Count} problem(s) ({checkedItems}); a run would stop at the first.");
        }
    }
}
