using CrmEtl.Core.Loading;
using CrmEtl.Core.Reporting.Sections;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Core.Reporting;

/// <summary>
/// Everything a report template sees. One query fills each section; a section without data is
/// null (or empty), and the template leaves it out.
/// </summary>
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

    /// <summary>False when every stage is empty (a per-customer export has no purchase lines to count).</summary>
    public bool HasFunnel => ShownFunnel.Any(s => s.Customers > 0);

    public Tiles? Tiles { get; init; }

    public AdFunnel? AdFunnel { get; init; }

    public TierSummary? Tiers { get; init; }

    public RfmSummary? Rfm { get; init; }

    public MonthlyTrend? Monthly { get; init; }

    public CohortHeatmap? Cohorts { get; init; }

    public CltvReport? Cltv { get; init; }

    public HoldoutReport? Holdout { get; init; }

    public QuarterStory? Quarters { get; init; }

    public PersonaSummary? Personas { get; init; }

    /// <summary>What changed since the previous successful run; null on a first run.</summary>
    public RunChanges? Changes { get; init; }

    /// <summary>The PNG charts, by name (<c>kpi_trend</c>, <c>holdout_tracking</c>); templates refer to them as <c>cid:</c> images.</summary>
    public IReadOnlyDictionary<string, ReportImage> Charts { get; init; } = new Dictionary<string, ReportImage>();
}

/// <summary>What the run knows of itself when the report is rendered (its journal rows are written only at the end).</summary>
public sealed record RunInfo(int RunId, DateTime AsOf, IReadOnlyList<LoadedSource> Inputs, IReadOnlyDictionary<string, string> Parameters, DateTime GeneratedAtUtc)
{
    public string ToolVersion { get; init; } = "dev";

    public TimeSpan Elapsed { get; init; }

    public long RejectedLines { get; init; }

    public IReadOnlyList<ScriptResult> Scripts { get; init; } = [];

    public IReadOnlyList<RuleFileHash> RuleFiles { get; init; } = [];
}

/// <summary>A rule table's file and its content hash, for the report's provenance footer.</summary>
public sealed record RuleFileHash(string Name, string Sha256)
{
    public static RuleFileHash Of(string path) =>
        new(Path.GetFileName(path), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
}

public sealed record Headline(long Leads, long Buyers, long RepeatBuyers, long Transactions, double Revenue)
{
    public static Headline None { get; } = new(0, 0, 0, 0, 0);
}

public sealed record FunnelStage(string Stage, int StageOrder, long Customers, double? ConversionRate, double? ShareOfLeads);
