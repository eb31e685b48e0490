using System.CommandLine;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Generation;

namespace CrmEtl.Cli;

/// <summary><c>crmetl demo</c>: generate sample data, then run the whole pipeline on it.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o") { Description = "Output folder (sample data goes into its data/ subfolder)", DefaultValueFactory = _ => "out" };
        var days = new Option<int>("--days") { Description = "Days of sample leads", DefaultValueFactory = _ => 366 };
        var scale = new Option<double>("--scale") { Description = "Multiplier of the sample's size", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the sample", DefaultValueFactory = _ => 42 };

        var command = new Command("demo", "Generate a year of sample data shaped like a lead-generation business and run the whole pipeline on it.") { output, days, scale, seed };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console, result.GetValue(output)!, result.GetValue(days), result.GetValue(scale), result.GetValue(seed))));
        return command;
    }

    public static int Execute(CliConsole console, string outputDirectory, int days, double scale, int seed)
    {
        var sample = GenerateCommand.Generate(console, new GenerationOptions(Path.Combine(outputDirectory, "data"), days, scale, seed));
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(sample.PurchasesPath),
            ["leads"] = SourceSpec.ForFile(sample.LeadsPath),
            ["ads"] = SourceSpec.ForFile(sample.AdsPath),
        };
        return RunCommand.Execute(console, ProjectConfig.Empty.With(sources), outputDirectory);
    }
}
