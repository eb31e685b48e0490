using System.Globalization;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

[Collection(SharedSeed000MonthRun.Name)]
public sealed class FunnelTests(Seed000MonthRun seed)
{
    // data/README.md: the reference pandas code on the 30-day fixture, as-of 2024-05-26: leads,
    // first and second purchase, then the exclusive tier counts (each buyer once), lowest tier first.
    private static readonly long[] ReferenceFunnelLookback6 = [81_065, 51_752, 30_991, 21_482, 14_681, 13_970, 1_619];
    private static readonly long[] ReferenceFunnelLookback3 = [81_065, 51_752, 30_991, 10_525, 3_603, 1_808, 63];

    /// <summary>
    /// The reference code's exclusive counts: leads, first and second purchase are the funnel's first
    /// three stages; its tier counts (each buyer once) are table tier_distribution.
    /// </summary>
    [Fact]
    public void Funnel_on_seed_fixture_matches_pandas()
    {
        Assert.Equal("6", seed.Summary.Report.Run.Parameters["tier_lookback_months"]);
        AssertFunnel(seed.Summary, ReferenceFunnelLookback6);
    }

    [Fact]
    public void Funnel_on_seed_fixture_with_a_three_month_lookback_matches_pandas()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(Fixtures.Seed000Month(), parameters: new Dictionary<string, string>
        {
            ["tier_lookback_months"] = 3.ToString(CultureInfo.InvariantCulture),
        });

        AssertFunnel(Fixtures.Run(config, temp.Path), ReferenceFunnelLookback3);
    }

    /// <summary>
    /// Tiers are not nested: here Tier 3 has more customers than Tier 2 and Power User more than
    /// Tier 3, which stacked as a funnel read 300 % and 133 %. All six leads buy; A, B, C, D and E
    /// buy again within the window, F does not. In the 6-month lookback:
    ///   A 1 × 100 + 1 × 100 = 200 in 2 → Tier 1;   B 2 × 350 = 700 → Tier 2;
    ///   C 2 × 600 = 1,200 → Tier 3;   D 2 × 700 = 1,400 → Tier 3;   E 2 × 1,500 = 3,000 → Power User;
    ///   F 1 × 5,000 → Power User, but F has no second purchase.
    /// Funnel: Leads 6, First 6, Second 5 (A–E); tier or higher among A–E: Tier 1 5, Tier 2 4
    /// (B, C, D, E), Tier 3 3 (C, D, E), Power User 1 (E). Distribution: Tier 1 1, Tier 2 1,
    /// Tier 3 2, Power User 2.
    /// </summary>
    [Fact]
    public void Funnel_stays_nested_when_higher_tiers_are_larger()
    {
        using var temp = new TempDirectory();
        var purchases = temp.Combine("purchases.csv");
        var leads = temp.Combine("leads.csv");
        File.WriteAllText(leads, "lead_date,customer_id\n" + string.Join("\n", "ABCDEF".Select(c => $"2024-01-01,{c}")) + "\n");
        File.WriteAllText(purchases, """
            transaction_id,purchase_date,customer_id,amount
            A1,2024-03-01,A,100
            A2,2024-03-10,A,100
            B1,2024-03-01,B,350
            B2,2024-03-10,B,350
            C1,2024-03-01,C,600
            C2,2024-03-10,C,600
            D1,2024-03-01,D,700
            D2,2024-03-10,D,700
            E1,2024-03-01,E,1500
            E2,2024-03-10,E,1500
            F1,2024-03-01,F,5000

            """);
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(purchases),
            ["leads"] = SourceSpec.ForFile(leads),
        }, new DateOnly(2024, 4, 1));

        var summary = Fixtures.Run(config, temp.Combine("out"));

        Assert.Equal([6L, 6, 5, 5, 4, 3, 1], SmallProject.FunnelIn(summary.DatabasePath));
        var rates = Db.Query<double>(summary.DatabasePath, "SELECT conversion_rate FROM funnel ORDER BY stage_order");
        Assert.Equal(new[] { 1.0, 1.0, 5 / 6.0, 1.0, 4 / 5.0, 3 / 4.0, 1 / 3.0 }.Select(r => Math.Round(r, 12)), rates.Select(r => Math.Round(r, 12)));
        Assert.Equal([1L, 1, 2, 2], Db.Query<long>(summary.DatabasePath,
            "SELECT customers FROM tier_distribution WHERE priority IS NOT NULL ORDER BY priority DESC"));
    }

    [Fact]
    public void Transaction_flags_follow_the_seed_definitions()
    {
        var counts = seed.Query<(long Transactions, long Firsts, long Retentions, long Seconds, long BadGaps)>("""
            SELECT count(*),
                   count(*) FILTER (WHERE first_purchase),
                   count(*) FILTER (WHERE retention),
                   count(*) FILTER (WHERE second_purchase),
                   count(*) FILTER (WHERE first_purchase AND gap_days_since_first <> 0)
            FROM transaction_flags
            """).Single();
        Assert.Equal(93_126, counts.Transactions);
        Assert.Equal(51_752, counts.Firsts);
        Assert.Equal(93_126 - 51_752, counts.Retentions);
        Assert.Equal(30_991, counts.Seconds);
        Assert.Equal(0, counts.BadGaps);
    }

    private static void AssertFunnel(Core.RunSummary summary, long[] expected)
    {
        Assert.Equal(new DateOnly(2024, 5, 26), summary.AsOf);
        var funnel = Db.Query<(string Stage, int StageOrder, long Customers, double ConversionRate)>(
            summary.DatabasePath, "SELECT stage, stage_order, customers, conversion_rate FROM funnel ORDER BY stage_order");
        Assert.Equal(["Leads", "First Purchase", "Second Purchase", "Tier 1", "Tier 2", "Tier 3", "Power User"], funnel.Select(f => f.Stage));
        Assert.Equal(expected[..3], funnel.Take(3).Select(f => f.Customers));
        Assert.Equal(1.0, funnel[0].ConversionRate);
        Assert.Equal(51_752.0 / 81_065, funnel[1].ConversionRate, 12);

        var tiers = Db.Query<long>(summary.DatabasePath,
            "SELECT customers FROM tier_distribution WHERE priority IS NOT NULL ORDER BY priority DESC");
        Assert.Equal(expected[3..], tiers);

        // The tier stages, counted another way: second purchasers whose tier is that one or higher.
        var reached = Db.Query<long>(summary.DatabasePath, """
            SELECT count(DISTINCT f.customer_id) FILTER (WHERE r.priority <= t.priority)
            FROM tier_rules AS t, transaction_flags AS f
            JOIN customer_tiers AS c USING (customer_id)
            LEFT JOIN tier_rules AS r ON r.tier = c.tier
            WHERE f.second_purchase
            GROUP BY t.priority ORDER BY t.priority DESC
            """);
        Assert.Equal(reached, funnel.Skip(3).Select(f => f.Customers));
        Assert.All(funnel.Skip(1), stage => Assert.InRange(stage.ConversionRate, 0.0, 1.0));
    }
}
