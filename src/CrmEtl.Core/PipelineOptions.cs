using CrmEtl.Core.Configuration;

namespace CrmEtl.Core;

/// <summary>What to run and where its outputs go.</summary>
public sealed record PipelineOptions(ProjectConfig Config, string OutputDirectory)
{
    public string DatabasePath => Path.Combine(OutputDirectory, "crm.duckdb");

    public string ReportPath => ReportPathOf("report");

    /// <summary>Where report NAME (<c>templates/NAME.sbn-html</c>) is written.</summary>
    public string ReportPathOf(string name) => Path.Combine(OutputDirectory, name + ".html");

    /// <summary>Where report NAME of as-of date ASOF is kept: <c>reports/2024-12-31/NAME.html</c>, never replaced by a later date's.</summary>
    public string ArchivedReportPathOf(DateOnly asOf, string name) =>
        Path.Combine(OutputDirectory, "reports", asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), name + ".html");
}
