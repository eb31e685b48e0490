using CrmEtl.Core.Loading;
using CrmEtl.Core.Reporting;

namespace CrmEtl.Core;

/// <summary>The result of a successful run.</summary>
public sealed record RunSummary(
    int RunId,
    DateOnly AsOf,
    IReadOnlyList<LoadedSource> Inputs,
    string DatabasePath,
    string ReportPath,
    TimeSpan Elapsed,
    ReportModel Report,
    IReadOnlyList<RenderedReport> Reports)
{
    /// <summary>The same reports kept under <c>reports/AS-OF/</c>, one per rendered report.</summary>
    public IReadOnlyList<string> ArchivedReportPaths { get; init; } = [];
}
