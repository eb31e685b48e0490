using CrmEtl.Core.Loading;

namespace CrmEtl.Core.Reporting;

/// <summary>Everything the report template sees. One query fills each section.</summary>
public sealed record ReportModel(
    string Title,
    RunInfo Run,
    Headline Headline,
    IReadOnlyList<FunnelStage> Funnel);

public sealed record RunInfo(int RunId, DateTime AsOf, IReadOnlyList<LoadedSource> Inputs, IReadOnlyDictionary<string, string> Parameters, DateTime GeneratedAtUtc);

public sealed record Headline(long Leads, long Buyers, long RepeatBuyers, long Transactions, double Revenue);

public sealed record FunnelStage(string Stage, int StageOrder, long Customers, double? ConversionRate, double? ShareOfLeads);
