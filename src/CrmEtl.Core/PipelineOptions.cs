using CrmEtl.Core.Configuration;

namespace CrmEtl.Core;

/// <summary>What to run and where its outputs go.</summary>
public sealed record PipelineOptions(ProjectConfig Config, string OutputDirectory)
{
    public string DatabasePath => Path.Combine(OutputDirectory, "crm.duckdb");

    public string ReportPath => ReportPathOf("report");

    /// <summary>Where report NAME (<c>templates/NAME.sbn-html</c>) is written.</summary>
    public string ReportPathOf(string name) => Path.Combine(OutputDirectory, name + ".html");
}
