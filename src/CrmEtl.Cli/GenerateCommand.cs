using System.CommandLine;
using CrmEtl.Core.Generation;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl generate</c>: sample ads, leads and purchases shaped like a lead-generation business.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for ads.csv, leads.csv and purchases.csv", DefaultValueFactory = _ => Path.Combine("out", "data") };
        var days = new Option<int>("--days") { Description = "Days of leads from 2024-01-01 (purchases are clipped to the last day)", DefaultValueFactory = _ => 366 };
        var scale = new Option<double>("--scale") { Description = "Multiplier of leads per campaign and day (10 = ten times the data)", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives byte-identical files", DefaultValueFactory = _ => 42 };

        var command = new Command("generate", "Generate a year of sample CRM data shaped like a lead-generation business (ads, leads, purchases).") { output, days, scale, seed };
        command.SetAction(result => UserErrors.Handle(console, () =>
        {
            Generate(console, new GenerationOptions(result.GetValue(output)!, result.GetValue(days), result.GetValue(scale), result.GetValue(seed)));
            return 0;
        }));
        return command;
    }

    /// <summary>Also used by <c>demo</c>.</summary>
    public static GenerationResult Generate(CliConsole console, GenerationOptions options)
    {
        var result = console.Interactive
            ? console.Out.Status().Start("generating…", context =>
                SampleDataGenerator.Generate(options, new Progress<string>(message => context.Status(message))))
            : SampleDataGenerator.Generate(options);

        console.Out.MarkupLine(
            $"[green]✓[/] {"generate",-16} {result.LeadRows:N0} leads · {result.PurchaseLines:N0} purchase lines " +
            $"({result.Transactions:N0} transactions) · {result.AdRows:N0} ad rows [grey]{result.Elapsed.TotalSeconds:0.00} s[/]");
        console.Out.MarkupLine($"  into {Markup.Escape(Path.GetFullPath(options.OutputDirectory))}");
        return result;
    }
}
