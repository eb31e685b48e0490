using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

public sealed class TierRuleTests
{
    [Fact]
    public void Tiers_on_hand_checked_data_follow_the_seed_code()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);

        var tiers = Db.Query<(string Customer, double Total, long Freq, string Tier)>(summary.DatabasePath,
            "SELECT customer_id, total_amount, freq, tier FROM customer_tiers ORDER BY customer_id");
        Assert.Equal(
            [("C1", 900.0, 2L, "Tier 2"), ("C2", 2400.0, 2L, "Power User"), ("C3", 240.0, 1L, "Tier 1"), ("C4", 30.0, 3L, "Tier 2")],
            tiers);
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(summary.DatabasePath));
        Assert.Equal(SmallProject.TierDistribution, Db.Query<long>(summary.DatabasePath,
            "SELECT customers FROM tier_distribution WHERE priority IS NOT NULL ORDER BY priority DESC").ToArray());
    }

    [Fact]
    public void Analyst_can_switch_tier_rules_to_the_prose_and_without_a_build()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        var rules = Path.Combine(project, "sql", "rules", "tier_rules.csv");
        File.WriteAllText(rules, File.ReadAllText(rules).Replace(",any", ",all", StringComparison.Ordinal));

        var summary = SmallProject.Run(temp.Combine("out"), projectDirectory: project);

        // With AND nobody has both the spend and the transactions: C2's 2,400 in 2 transactions,
        // C1's 900 in 2 and C4's 3 transactions of 30 all fall through to Tier 1.
        var c2 = Db.Scalar<string>(summary.DatabasePath, "SELECT tier FROM customer_tiers WHERE customer_id = 'C2'");
        Assert.Equal("Tier 1", c2);
        // The funnel's tier stages count second purchasers (C1, C4) at that tier or higher.
        Assert.Equal([5L, 4, 2, 2, 0, 0, 0], SmallProject.FunnelIn(summary.DatabasePath));
        Assert.Equal(4, Db.Scalar<long>(summary.DatabasePath, "SELECT customers FROM tier_distribution WHERE tier = 'Tier 1'"));
    }

    [Fact]
    public void Customers_without_purchases_in_the_window_have_no_tier()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(SmallProject.Sources(), parameters: new Dictionary<string, string> { ["tier_lookback_months"] = "1" });

        var summary = Fixtures.Run(config, temp.Path);

        var noTier = Db.Query<string>(summary.DatabasePath, "SELECT customer_id FROM customer_tiers WHERE tier = 'No Tier' ORDER BY 1");
        Assert.Equal(["C1", "C3"], noTier);
    }
}
