using System.CommandLine;
using CrmEtl.Core.Resources;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>
/// <c>crmetl init DIR</c>: a crmetl.json, the rule tables and parameters to edit, and a README of
/// what lives where; every other file stays built in (a copy of any one overrides it).
/// <c>--all</c> copies every built-in file.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "The project folder to create or fill" };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist" };
        var all = new Option<bool>("--all") { Description = "Copy every built-in SQL script and template too, not only the rule tables and parameters" };

        var command = new Command("init", "Write a crmetl.json, the rule tables (sql/rules/) and sql/parameters.csv into a folder, to edit.") { directory, force, all };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console, result.GetValue(directory)!.FullName, result.GetValue(force), result.GetValue(all))));
        return command;
    }

    public static int Execute(CliConsole console, string directory, bool force, bool all = false)
    {
        Directory.CreateDirectory(directory);
        var written = ProjectFiles.WriteDefaults(directory, force, all ? null : IsRuleFile).ToList();
        if (written.Count > 0)
        {
            written.Add(InitManifest.Record(directory, written.Select(p => Path.GetRelativePath(directory, p).Replace('\\', '/'))));
        }

        WriteIfNew(Path.Combine(directory, "crmetl.json"), ConfigTemplate, force, written);
        WriteIfNew(Path.Combine(directory, "README.md"), ReadmeTemplate, force, written);

        var config = Path.Combine(directory, "crmetl.json");
        var edit = all ? "sql/ and crmetl.json" : "sql/rules/, sql/parameters.csv and crmetl.json (README.md says what lives where)";
        console.Out.MarkupLine($"Wrote {written.Count} file(s) into {Markup.Escape(directory)}. Edit {Markup.Escape(edit)}, then run:");
        console.Out.MarkupLine($"  crmetl run --config {Markup.Escape(config)}");
        return 0;
    }

    private static bool IsRuleFile(string relative) =>
        relative.StartsWith("sql/rules/", StringComparison.Ordinal) || relative == "sql/parameters.csv";

    private static void WriteIfNew(string path, string text, bool force, List<string> written)
    {
        if (force || !File.Exists(path))
        {
            File.WriteAllText(path, text);
            written.Add(path);
        }
    }

    private const string ReadmeTemplate = """
        # A crmetl project

        Run it with `crmetl run --config crmetl.json`; `crmetl status` lists what this folder changes.

        - `crmetl.json`: the input files, the analysis date, parameter values and the mail settings.
        - `sql/parameters.csv`: every parameter, its default and what it means (set values in crmetl.json).
        - `sql/rules/*.csv`: the rule tables: customer tiers, RFM segments and the other segment rules.
          Edit a row, run again.

        Every other SQL script and report template is built into crmetl and follows its updates.
        To change one, copy it here under the same path (`crmetl init --all DIR` writes them all into
        another folder to copy from): a file here replaces the built-in file of the same path, a new
        file is added (`sql/NNN_name.sql` runs in number order), and an empty file switches the
        built-in file of that path off.

        """;

    private const string ConfigTemplate = """
        {
          // Analysis date; data after it is ignored. Remove it to use the last purchase date.
          // "asOf": "2024-12-31",
          "sources": {
            // Paths are relative to this file. Columns map canonical names to SQL over the file's columns.
            "purchases": { "path": "data/purchases.csv" },
            "leads": { "path": "data/leads.csv" },
            "ads": { "path": "data/ads.csv" }
            // "customers": {
            //   "path": "data/customers.csv",
            //   "columns": { "customer_id": "master_id", "frequency": "orders_online + orders_offline" }
            // }
          },
          // Defaults and descriptions are in sql/parameters.csv.
          "parameters": { "second_purchase_window_days": 65, "tier_lookback_months": 6 },
          // To mail the report (crmetl run --send, or crmetl send); the password comes from the environment.
          // "mail": {
          //   "from": "CRM reports <reports@example.com>",
          //   "to": ["director@example.com"],
          //   "subject": "Customer report {{ as_of }}",
          //   "attachments": { "reports": ["report"], "tables": ["funnel"] },
          //   "smtp": { "host": "smtp.example.com", "port": 587, "security": "starttls",
          //             "user": "reports@example.com", "passwordEnv": "CRMETL_SMTP_PASSWORD" }
          // }
        }

        """;
}
