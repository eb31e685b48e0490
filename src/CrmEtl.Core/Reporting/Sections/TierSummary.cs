using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

public sealed record TierRow(string Tier, long Customers, double Share, double Revenue, double? RevenueShare);

/// <summary>Section 5: customers and revenue (in the tier look-back window) per tier, highest tier first.</summary>
public sealed record TierSummary(IReadOnlyList<TierRow> Tiers, long Customers)
{
    public const int TiersShown = 12;

    /// <summary>A rule table with many tiers shows the first ones and sums the rest in one row.</summary>
    private static List<TierRow> Capped(List<TierRow> tiers) => tiers.Count <= TiersShown
        ? tiers
        : [.. tiers.Take(TiersShown - 1), new TierRow($"{tiers.Count - TiersShown + 1} other tiers",
            tiers.Skip(TiersShown - 1).Sum(t => t.Customers), tiers.Skip(TiersShown - 1).Sum(t => t.Share),
            tiers.Skip(TiersShown - 1).Sum(t => t.Revenue), tiers.Skip(TiersShown - 1).Sum(t => t.RevenueShare))];

    public static TierSummary? Read(DuckDBConnection connection)
    {
        // Tiers in the order of the rule table (priority 1 is the highest), then customers no rule placed.
        var tiers = connection.Query<TierRow>("""
            WITH counts AS (
                SELECT tier, count(*) AS customers, coalesce(sum(total_amount), 0) AS revenue FROM customer_tiers GROUP BY tier
            )
            SELECT c.tier AS Tier, c.customers AS Customers, c.customers / sum(c.customers) OVER () AS Share,
                   c.revenue::DOUBLE AS Revenue, c.revenue / nullif(sum(c.revenue) OVER (), 0) AS RevenueShare
            FROM counts AS c LEFT JOIN tier_rules AS r ON r.tier = c.tier
            ORDER BY r.priority NULLS LAST, c.tier
            """).ToList();
        return tiers.Count == 0 ? null : new TierSummary(Capped(tiers), tiers.Sum(t => t.Customers));
    }
}
