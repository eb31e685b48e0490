using CrmEtl.Core;
using CrmEtl.Core.Configuration;

namespace CrmEtl.Tests.TestSupport;

/// <summary>Committed fixture files, copied next to the test assembly.</summary>
public static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>Seed 000's generator, 30 days of leads (see data/README.md for the reference funnel).</summary>
    public static Dictionary<string, SourceSpec> Seed000Month() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["purchases"] = SourceSpec.ForFile(Path("seed000_30d_purchases.csv.gz")),
        ["leads"] = SourceSpec.ForFile(Path("seed000_30d_leads.csv.gz")),
        ["ads"] = SourceSpec.ForFile(Path("seed000_30d_ads.csv.gz")),
    };

    public static ProjectConfig Config(
        IReadOnlyDictionary<string, SourceSpec> sources,
        DateOnly? asOf = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        string? projectDirectory = null) =>
        new(sources, asOf, parameters ?? new Dictionary<string, string>(), projectDirectory);

    public static RunSummary Run(ProjectConfig config, string outputDirectory) =>
        new Pipeline(new RecordingObserver()).Run(new PipelineOptions(config, outputDirectory));
}
