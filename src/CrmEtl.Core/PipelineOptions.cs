using CrmEtl.Core.Configuration;

namespace CrmEtl.Core;

/// <summary>What to run and where its outputs go.</summary>
public sealed record PipelineOptions(ProjectConfig Config, string OutputDirectory)
{
    public string DatabasePath => Path.Combine(OutputDirectory, "crm.duckdb");

    public string ReportPath => Path.Combine(OutputDirectory, "report.html");
}
