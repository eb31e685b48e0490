using System.Globalization;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

[Collection(SharedSeed000MonthRun.Name)]
public sealed class FunnelTests(Seed000MonthRun seed)
{
    // data/README.md: seed 000's own pandas code on the 30-day fixture, as-of 2024-05-26.
    private static readonly long[] ReferenceFunnelLookback6 = [81_065, 51_752, 30_991, 21_482, 14_681, 13_970, 1_619];
    private static readonly long[] ReferenceFunnelLookback3 = [81_065, 51_752, 30_991, 10_525, 3_603, 1_808, 63];

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
        Assert.Equal(expected, funnel.Select(f => f.Customers));
        Assert.Equal(1.0, funnel[0].ConversionRate);
        Assert.Equal(51_752.0 / 81_065, funnel[1].ConversionRate, 12);
    }
}
