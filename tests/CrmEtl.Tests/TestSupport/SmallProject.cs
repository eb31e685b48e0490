using CrmEtl.Core;
using CrmEtl.Core.Configuration;

namespace CrmEtl.Tests.TestSupport;

/// <summary>
/// The hand-checked data of data/small: 4 buyers, 8 transactions, 5 leads, last purchase
/// 2024-04-01. Tiers (lookback 6): Tier 1 = C3, Tier 2 = C1 (900) and C4 (3 transactions),
/// Tier 3 none, Power User = C2 (2,400). Funnel: Leads 5, First 4, Second 2 (C1 after 18 days,
/// C4 after 1; C2's second comes after 87); of those two, both reached Tier 1 or higher and
/// Tier 2 or higher, none Tier 3 or Power User.
/// </summary>
public static class SmallProject
{
    public static readonly long[] Funnel = [5, 4, 2, 2, 2, 0, 0];

    /// <summary>Buyers per tier, each counted once: Tier 1, Tier 2, Tier 3, Power User.</summary>
    public static readonly long[] TierDistribution = [1, 2, 0, 1];

    public static Dictionary<string, SourceSpec> Sources(string? purchases = null) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["purchases"] = SourceSpec.ForFile(purchases ?? Fixtures.Path("small/purchases.csv")),
        ["leads"] = SourceSpec.ForFile(Fixtures.Path("small/leads.csv")),
    };

    public static RunSummary Run(string outputDirectory, string? purchases = null, string? projectDirectory = null) =>
        Fixtures.Run(Fixtures.Config(Sources(purchases), projectDirectory: projectDirectory), outputDirectory);

    public static long[] FunnelIn(string databasePath) =>
        Db.Query<long>(databasePath, "SELECT customers FROM funnel ORDER BY stage_order").ToArray();
}
