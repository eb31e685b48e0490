using System.CommandLine;
using CrmEtl.Core.Generation;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl generate</c>: sample ads, leads and purchases shaped like a lead-generation business.</summary>
internal static class GenerateCommand
{
    private static readonly Option<string> Out = new("--out", "-o") { Description = "Folder for ads.csv, leads.csv and purchases.csv", DefaultValueFactory = _ => Path.Combine("out", "data") };
    private static readonly Option<int> Days = new("--days") { Description = "Days of leads from 2024-01-01 (purchases are clipped to the last day)", DefaultValueFactory = _ => 366 };
    private static readonly Option<double> Scale = new("--scale") { Description = "Multiplier of leads per campaign and day (10 = ten times the data)", DefaultValueFactory = _ => 1.0 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Random seed; the same seed gives byte-identical files", DefaultValueFactory = _ => 42 };

    public static Command Create()
    {
        var command = new Command("generate", "Generate a year of sample CRM data shaped like a lead-generation business (ads, leads, purchases).") { Out, Days, Scale, Seed };
        command.SetAction(result => UserErrors.Handle(() =>
        {
            Generate(new GenerationOptions(result.GetValue(Out)!, result.GetValue(Days), result.GetValue(Scale), result.GetValue(Seed)));
            return 0;
        }));
        return command;
    }

    /// <summary>Also used by <c>demo</c>.</summary>
    public static GenerationResult Generate(GenerationOptions options)
    {
        var result = AnsiConsole.Profile.Capabilities.Interactive
            ? AnsiConsole.Status().Start("generating…", context =>
                SampleDataGenerator.Generate(options, new Progress<string>(message => context.Status(message))))
            : SampleDataGenerator.Generate(options);

        AnsiConsole.MarkupLine(
            $"[green]✓[/] {"generate",-16} {result.LeadRows:N0} leads · {result.PurchaseLines:N0} purchase lines " +
            $"({result.Transactions:N0} transactions) · {result.AdRows:N0} ad rows [grey]{result.Elapsed.TotalSeconds:0.00} s[/]");
        AnsiConsole.MarkupLine($"  into {Markup.Escape(Path.GetFullPath(options.OutputDirectory))}");
        return result;
    }
}
