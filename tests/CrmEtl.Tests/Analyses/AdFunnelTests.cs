namespace CrmEtl.Tests.Analyses;

/// <summary>sql/400_ad_funnel.sql and 401_ad_funnel_by_source.sql: by hand, and on seed 000's month.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class AdFunnelTests(Seed000MonthRun seed)
{
    private const string CampaignRows = """
        SELECT source, campaign_id, impressions, clicks, spend, ads_reported_leads, ads_reported_conversions,
               leads, buyers, revenue, ctr, lead_rate, round(buyer_rate, 6), cpl, cost_per_buyer, roas
        FROM ad_funnel ORDER BY source, campaign_id NULLS LAST
        """;

    [Fact]
    public void Campaign_funnel_of_a_small_case_matches_hand_computation()
    {
        using var db = SmallCase();

        db.RunAnalyses("ad_funnel");

        // G1: ads of 03-01 and 03-02 (04-01 is after as-of): 2000 impressions, 100 clicks, spend 300,
        //     reported leads 3 + NULL = 3, conversions all NULL. Lead customers a (twice), b (no
        //     source: takes Google from the ads), c; d's lead is after as-of. Buyers a (100) and b
        //     (50 + 30; 1000 on 04-05 is after as-of): revenue 180. CTR 100/2000, lead rate 3/100,
        //     CPL 300/3, cost per buyer 300/2, ROAS 180/300.
        // G2: b again: 1 lead, 1 buyer, revenue 80. CTR 10/500, CPL 50/1, ROAS 80/50.
        // M1: nothing but zeros: every ratio NULL instead of a division error.
        // Meta / no campaign: e's lead, bought 20; no ads, so the ad columns and their ratios are NULL.
        Assert.Equal(
            [
                "Google G1 2000 100 300 3 - 3 2 180 0.05 0.03 0.666667 100 150 0.6",
                "Google G2 500 10 50 1 1 1 1 80 0.02 0.1 1 50 50 1.6",
                "Meta M1 0 0 0 0 0 0 0 0 - - - - - -",
                "Meta - - - - - - 1 1 20 - - 1 - - -",
            ],
            db.Lines(CampaignRows));
    }

    [Fact]
    public void Source_totals_count_a_customer_of_two_campaigns_once()
    {
        using var db = SmallCase();

        db.RunAnalyses("ad_funnel", "ad_funnel_by_source");

        // Google: b is a lead of G1 and G2 but counts once: leads a, b, c; buyers a, b; revenue 180
        // (not 260). Spend 350: CPL 350/3, cost per buyer 175, ROAS 180/350. Campaigns: G1, G2.
        // Meta: M1 (zero ads) and e's lead without a campaign: one campaign, CPL 0/1, ROAS NULL.
        Assert.Equal(
            [
                "Google 2 2500 110 350 4 1 3 2 180 0.044 116.66666666666667 175 0.5142857142857142",
                "Meta 1 0 0 0 0 0 1 1 20 - 0 0 -",
            ],
            db.Lines("""
                SELECT source, campaigns, impressions, clicks, spend, ads_reported_leads, ads_reported_conversions,
                       leads, buyers, revenue, ctr, cpl, cost_per_buyer, roas
                FROM ad_funnel_by_source ORDER BY source
                """));
    }

    [Fact]
    public void Funnel_without_ads_or_leads_is_empty()
    {
        using var db = AnalysisDatabase.Create("2024-03-31");

        db.RunAnalyses("ad_funnel", "ad_funnel_by_source");

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM ad_funnel"));
        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM ad_funnel_by_source"));
    }

    [Fact]
    public void Seed_month_funnel_has_every_lead_and_buyer_once()
    {
        // Seed 000 makes one lead per click, a new customer each, and converts int(clicks * 0.64)
        // of them on the day (its "conversions" column); the fixture's 30 days hold 81,065 leads
        // and 51,752 buyers (data/README.md), every buyer a lead of exactly one campaign.
        var campaigns = seed.Query<(string Source, string CampaignId, long Clicks, long AdsLeads, long AdsConversions, long Leads, long Buyers)>(
            "SELECT source, campaign_id, clicks, ads_reported_leads, ads_reported_conversions, leads, buyers FROM ad_funnel");

        Assert.Equal(9, campaigns.Count);
        Assert.Equal(81_065, campaigns.Sum(c => c.Clicks));
        Assert.Equal(81_065, campaigns.Sum(c => c.Leads));
        Assert.Equal(51_752, campaigns.Sum(c => c.Buyers));
        Assert.All(campaigns, c => Assert.Equal((c.Clicks, c.AdsLeads, c.AdsConversions), (c.Leads, c.Leads, c.Buyers)));
        Assert.All(campaigns, c => Assert.StartsWith(c.Source + "_", c.CampaignId));
    }

    [Fact]
    public void Seed_month_revenue_is_every_purchase_and_ratios_follow_their_definitions()
    {
        var purchases = seed.Scalar<double>("SELECT sum(price * qty) FROM purchases");
        var campaigns = seed.Query<(double Spend, double Revenue, long Impressions, long Clicks, long Leads, long Buyers, double Ctr, double Cpl, double CostPerBuyer, double Roas)>(
            "SELECT spend, revenue, impressions, clicks, leads, buyers, ctr, cpl, cost_per_buyer, roas FROM ad_funnel");

        Assert.Equal(purchases, campaigns.Sum(c => c.Revenue), 1e-6);
        Assert.All(campaigns, c =>
        {
            Assert.Equal((double)c.Clicks / c.Impressions, c.Ctr, 12);
            Assert.Equal(c.Spend / c.Leads, c.Cpl, 12);
            Assert.Equal(c.Spend / c.Buyers, c.CostPerBuyer, 12);
            Assert.Equal(c.Revenue / c.Spend, c.Roas, 12);
        });
    }

    [Fact]
    public void Seed_month_source_totals_add_up_their_campaigns()
    {
        var bySource = seed.Query<(string Source, long Campaigns, long Leads, long Buyers, double Revenue)>(
            "SELECT source, campaigns, leads, buyers, revenue FROM ad_funnel_by_source ORDER BY source");
        var fromCampaigns = seed.Query<(string Source, long Campaigns, long Leads, long Buyers, double Revenue)>(
            "SELECT source, count(*), sum(leads)::BIGINT, sum(buyers)::BIGINT, sum(revenue) FROM ad_funnel GROUP BY source ORDER BY source");

        Assert.Equal(["Facebook", "Google", "TikTok"], bySource.Select(s => s.Source));
        Assert.Equal(fromCampaigns.Select(s => (s.Source, s.Campaigns, s.Leads, s.Buyers)), bySource.Select(s => (s.Source, s.Campaigns, s.Leads, s.Buyers)));
        Assert.All(bySource.Zip(fromCampaigns), pair => Assert.Equal(pair.Second.Revenue, pair.First.Revenue, 1e-6));
    }

    /// <summary>As of 2024-03-31; rows dated after it must be ignored.</summary>
    private static AnalysisDatabase SmallCase()
    {
        var db = AnalysisDatabase.Create("2024-03-31");
        db.Execute("""
            INSERT INTO ads (date, campaign_id, source, impressions, clicks, spend, leads, conversions, source_line) VALUES
                (DATE '2024-03-01', 'G1', 'Google', 1000, 40, 200.0, 3, NULL, 2),
                (DATE '2024-03-02', 'G1', 'Google', 1000, 60, 100.0, NULL, NULL, 3),
                (DATE '2024-04-01', 'G1', 'Google', 5000, 500, 999.0, 50, 5, 4),
                (DATE '2024-03-01', 'G2', 'Google', 500, 10, 50.0, 1, 1, 5),
                (DATE '2024-03-01', 'M1', 'Meta', 0, 0, 0.0, 0, 0, 6);
            INSERT INTO leads (lead_date, customer_id, campaign_id, source, source_line) VALUES
                (DATE '2024-03-01', 'a', 'G1', 'Google', 2),
                (DATE '2024-03-02', 'a', 'G1', 'Google', 3),
                (DATE '2024-03-01', 'b', 'G1', NULL, 4),
                (DATE '2024-03-02', 'c', 'G1', 'Google', 5),
                (DATE '2024-03-03', 'b', 'G2', 'Google', 6),
                (DATE '2024-04-02', 'd', 'G1', 'Google', 7),
                (DATE '2024-03-05', 'e', NULL, 'Meta', 8);
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('a', DATE '2024-03-10', 't1', 100, 1, 2),
                ('b', DATE '2024-03-11', 't2', 50, 1, 3),
                ('b', DATE '2024-03-20', 't3', 30, 1, 4),
                ('b', DATE '2024-04-05', 't4', 1000, 1, 5),
                ('d', DATE '2024-03-01', 't5', 70, 1, 6),
                ('e', DATE '2024-03-06', 't6', 20, 1, 7);
            """);
        return db;
    }
}
