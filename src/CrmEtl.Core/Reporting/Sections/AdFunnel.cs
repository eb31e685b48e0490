using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

/// <summary>One row of the ad funnel: a source, a campaign, or the campaigns below the top summed (<see cref="IsRest"/>).</summary>
public sealed record AdFunnelRow(
    string Source, string? CampaignId, bool IsRest, long Campaigns, double Spend, long Leads, long Buyers, double Revenue,
    double? Cpl, double? CostPerBuyer, double? Roas);

/// <summary>Section 4: spend, leads, buyers, CPL, cost per buyer and ROAS by source and by campaign.</summary>
public sealed record AdFunnel(IReadOnlyList<AdFunnelRow> Sources, IReadOnlyList<AdFunnelRow> Campaigns, int TopCampaigns)
{
    public const int CampaignsShown = 10;

    public const int SourcesShown = 10;

    /// <summary>Many sources: the first by spend, then one row summing the rest, its ratios from the sums.</summary>
    private static List<AdFunnelRow> Capped(List<AdFunnelRow> sources)
    {
        if (sources.Count <= SourcesShown)
        {
            return sources;
        }

        var rest = sources.Skip(SourcesShown - 1).ToList();
        var (spend, leads, buyers, revenue) = (rest.Sum(s => s.Spend), rest.Sum(s => s.Leads), rest.Sum(s => s.Buyers), rest.Sum(s => s.Revenue));
        return [.. sources.Take(SourcesShown - 1), new AdFunnelRow($"{rest.Count} other sources", null, true, rest.Sum(s => s.Campaigns), spend, leads, buyers, revenue,
            leads > 0 ? spend / leads : null, buyers > 0 ? spend / buyers : null, spend > 0 ? revenue / spend : null)];
    }

    public static AdFunnel? Read(DuckDBConnection connection)
    {
        var sources = connection.Query<AdFunnelRow>("""
            SELECT coalesce(source, '(no source)') AS Source, NULL::VARCHAR AS CampaignId, false AS IsRest, campaigns AS Campaigns,
                   coalesce(spend, 0)::DOUBLE AS Spend, coalesce(leads, 0) AS Leads, coalesce(buyers, 0) AS Buyers,
                   coalesce(revenue, 0)::DOUBLE AS Revenue, cpl AS Cpl, cost_per_buyer AS CostPerBuyer, roas AS Roas
            FROM ad_funnel_by_source
            WHERE coalesce(spend, 0) > 0 OR coalesce(leads, 0) > 0
            ORDER BY Spend DESC, Leads DESC, Source
            """).ToList();
        // Without ad spend there is no ad funnel to show (leads per source alone are in the funnel and KPIs).
        if (sources.Sum(s => s.Spend) <= 0)
        {
            return null;
        }

        // The top campaigns by spend, then one row summing the rest (its ratios from the sums).
        var campaigns = connection.Query<AdFunnelRow>("""
            WITH ranked AS (
                SELECT *, row_number() OVER (ORDER BY coalesce(spend, 0) DESC, coalesce(leads, 0) DESC, source, campaign_id) AS rank
                FROM ad_funnel WHERE coalesce(spend, 0) > 0 OR coalesce(leads, 0) > 0
            ),
            grouped AS (
                SELECT CASE WHEN rank <= $shown THEN rank END AS shown_rank,
                       CASE WHEN min(rank) <= $shown THEN any_value(coalesce(source, '(no source)')) ELSE 'All other campaigns' END AS source,
                       CASE WHEN min(rank) <= $shown THEN any_value(coalesce(campaign_id, '(no campaign)')) END AS campaign_id,
                       count(*) AS campaigns, coalesce(sum(spend), 0) AS spend, coalesce(sum(leads), 0) AS leads,
                       coalesce(sum(buyers), 0) AS buyers, coalesce(sum(revenue), 0) AS revenue
                FROM ranked GROUP BY shown_rank
            )
            SELECT source AS Source, campaign_id AS CampaignId, shown_rank IS NULL AS IsRest, campaigns AS Campaigns,
                   spend::DOUBLE AS Spend, leads::BIGINT AS Leads, buyers::BIGINT AS Buyers, revenue::DOUBLE AS Revenue,
                   spend / nullif(leads, 0) AS Cpl, spend / nullif(buyers, 0) AS CostPerBuyer, revenue / nullif(spend, 0) AS Roas
            FROM grouped ORDER BY shown_rank NULLS LAST
            """, new { shown = CampaignsShown }).ToList();
        return new AdFunnel(Capped(sources), campaigns, CampaignsShown);
    }
}
