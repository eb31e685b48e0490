using CrmEtl.Core.Loading;

namespace CrmEtl.Core.Reporting;

/// <summary>Everything the report template sees. One query fills each section.</summary>
public sealed record ReportModel(
    string Title,
    RunInfo Run,
    Headline Headline,
    IReadOnlyList<FunnelStage> Funnel)
{
    /// <summary>False when the inputs hold no leads: the funnel's first stage is an empty Leads.</summary>
    public bool HasLeads => Funnel is not [{ Stage: "Leads", Customers: 0 }, ..];

    /// <summary>The stages the report and the terminal show: without leads the funnel starts at the first purchase.</summary>
    public IReadOnlyList<FunnelStage> ShownFunnel => HasLeads ? Funnel : [.. Funnel.Skip(1)];
}

public sealed record RunInfo(int RunId, DateTime AsOf, IReadOnlyList<LoadedSource> Inputs, IReadOnlyDictionary<string, string> Parameters, DateTime GeneratedAtUtc);

public sealed record Headline(long Leads, long Buyers, long RepeatBuyers, long Transactions, double Revenue);

public sealed record FunnelStage(string Stage, int StageOrder, long Customers, double? ConversionRate, double? ShareOfLeads);
