using System.CommandLine;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Generation;

namespace CrmEtl.Cli;

/// <summary><c>crmetl demo</c>: generate sample data, then run the whole pipeline on it.</summary>
internal static class DemoCommand
{
    private static readonly Option<string> Out = new("--out", "-o") { Description = "Output folder (sample data goes into its data/ subfolder)", DefaultValueFactory = _ => "out" };
    private static readonly Option<int> Days = new("--days") { Description = "Days of sample leads", DefaultValueFactory = _ => 366 };
    private static readonly Option<double> Scale = new("--scale") { Description = "Multiplier of the sample's size", DefaultValueFactory = _ => 1.0 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Random seed of the sample", DefaultValueFactory = _ => 42 };

    public static Command Create()
    {
        var command = new Command("demo", "Generate a year of sample data shaped like a lead-generation business and run the whole pipeline on it.") { Out, Days, Scale, Seed };
        command.SetAction(result => UserErrors.Handle(() =>
            Execute(result.GetValue(Out)!, result.GetValue(Days), result.GetValue(Scale), result.GetValue(Seed))));
        return command;
    }

    public static int Execute(string outputDirectory, int days, double scale, int seed)
    {
        var sample = GenerateCommand.Generate(new GenerationOptions(Path.Combine(outputDirectory, "data"), days, scale, seed));
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(sample.PurchasesPath),
            ["leads"] = SourceSpec.ForFile(sample.LeadsPath),
            ["ads"] = SourceSpec.ForFile(sample.AdsPath),
        };
        return RunCommand.Execute(ProjectConfig.Empty.With(sources), outputDirectory);
    }
}
