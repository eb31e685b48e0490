using System.CommandLine;
using CrmEtl.Core.Resources;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl init DIR</c>: an editable copy of the default SQL and templates, plus a crmetl.json.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "The project folder to create or fill" };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist" };

        var command = new Command("init", "Write the default sql/, templates/ and a crmetl.json into a folder, to edit.") { directory, force };
        command.SetAction(result => UserErrors.Handle(console, () => Execute(console, result.GetValue(directory)!.FullName, result.GetValue(force))));
        return command;
    }

    public static int Execute(CliConsole console, string directory, bool force)
    {
        Directory.CreateDirectory(directory);
        var written = ProjectFiles.WriteDefaults(directory, force).ToList();
        var config = Path.Combine(directory, "crmetl.json");
        if (force || !File.Exists(config))
        {
            File.WriteAllText(config, ConfigTemplate);
            written.Add(config);
        }

        console.Out.MarkupLine($"Wrote {written.Count} file(s) into {Markup.Escape(directory)}. Edit sql/ and crmetl.json, then run:");
        console.Out.MarkupLine($"  crmetl run --config {Markup.Escape(config)}");
        return 0;
    }

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
