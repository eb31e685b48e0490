using CrmEtl.Core;
using CrmEtl.Core.Configuration;

namespace CrmEtl.Tests.TestSupport;

/// <summary>
/// The hand-checked data of data/small: 4 buyers, 8 transactions, 5 leads, last purchase
/// 2024-04-01. Funnel (lookback 6): Leads 5, First 4, Second 2 (C1 after 18 days, C4 after 1;
/// C2's second comes after 87), Tier 1 = C3, Tier 2 = C1 (900) and C4 (3 transactions),
/// Tier 3 none, Power User = C2 (2,400).
/// </summary>
public static class SmallProject
{
    public static readonly long[] Funnel = [5, 4, 2, 1, 2, 0, 1];

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
