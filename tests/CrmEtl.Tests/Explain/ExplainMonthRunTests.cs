using CrmEtl.Core.Explain;
using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Explain;

/// <summary>
/// `crmetl explain` on the shared month run: for customers of every tier and every RFM segment,
/// each fact the explanation states is checked against the stored tables, and the rule reasons
/// against the rule tables.
/// </summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class ExplainMonthRunTests(Seed000MonthRun run)
{
    /// <summary>The first customer (by id) of each tier and of each RFM segment: every rule that decides somewhere.</summary>
    private List<string> Sample() => run.Query<string>("""
        SELECT DISTINCT customer_id FROM (
            SELECT min(customer_id) AS customer_id FROM customer_tiers GROUP BY tier
            UNION ALL
            SELECT min(customer_id) FROM customer_rfm GROUP BY segment)
        ORDER BY customer_id
        """);

    [Fact]
    public void The_deciding_tier_rule_is_the_stored_tier_and_every_higher_rule_fails_on_the_stored_figures()
    {
        var checkedTiers = new HashSet<string>();
        foreach (var id in Sample())
        {
            var tier = CustomerExplainer.Explain(run.Summary.DatabasePath, id).Tier!;
            var stored = run.Query<(string Tier, double Amount, long Freq)>(
                $"SELECT tier, total_amount, freq FROM customer_tiers WHERE customer_id = '{id}'").Single();

            Assert.Equal((stored.Tier, stored.Amount, stored.Freq), (tier.Tier, tier.Amount, tier.Transactions));
            var decided = tier.Rules.SingleOrDefault(r => r.Decided);
            Assert.Equal(stored.Tier, decided?.Tier ?? "No Tier");
            foreach (var higher in tier.Rules.TakeWhile(r => !r.Decided))
            {
                Assert.False(higher.Matches, $"{id}: rule {higher.Priority} matches but did not decide");
                // A rule of the sample's kind (combine any) fails only when every threshold it has is missed.
                Assert.Equal("any", higher.Combine);
                Assert.True(higher.AmountAbove is null || tier.Amount <= higher.AmountAbove, $"{id}: {higher.Reason}");
                Assert.True(higher.TransactionsAtLeast is null || tier.Transactions < higher.TransactionsAtLeast, $"{id}: {higher.Reason}");
                Assert.Contains($"has spend {TierRules.Money(tier.Amount)}", higher.Reason, StringComparison.Ordinal);
            }

            if (decided is not null)
            {
                Assert.True(decided.AmountAbove is null && decided.TransactionsAtLeast is null
                    || tier.Amount > decided.AmountAbove || tier.Transactions >= decided.TransactionsAtLeast, $"{id}: {decided.Reason}");
            }

            checkedTiers.Add(tier.Tier);
        }

        Assert.Equal(run.Query<string>("SELECT DISTINCT tier FROM customer_tiers").ToHashSet(), checkedTiers);
    }

    [Fact]
    public void Rfm_scores_follow_from_the_stated_edges_and_the_first_segment_rule_holding_them()
    {
        var rules = run.Query<(long Order, long RMin, long RMax, long FMin, long FMax, string Segment)>(
            "SELECT rule_order, recency_score_min, recency_score_max, frequency_score_min, frequency_score_max, segment FROM rfm_segments ORDER BY rule_order");
        foreach (var id in Sample())
        {
            var rfm = CustomerExplainer.Explain(run.Summary.DatabasePath, id).Rfm!;
            var stored = run.Query<(long Recency, double Frequency, double Monetary, long R, long F, long M, string Segment)>(
                $"SELECT recency, frequency, monetary, recency_score, frequency_score, monetary_score, segment FROM customer_rfm WHERE customer_id = '{id}'").Single();

            Assert.Equal((stored.Recency, stored.Frequency, stored.Monetary), ((long)rfm.Recency, rfm.Frequency, rfm.Monetary));
            Assert.Equal((stored.R, stored.F, stored.M, stored.Segment), (rfm.RecencyScore, rfm.FrequencyScore, rfm.MonetaryScore, rfm.Segment));

            // A score is 1 + the number of edges its value is strictly above; recency reversed.
            Assert.Equal(6 - (1 + rfm.RecencyEdges!.Count(edge => rfm.Recency > edge)), rfm.RecencyScore);
            Assert.Equal(1 + rfm.FrequencyRankEdges!.Count(edge => rfm.FrequencyRank > edge), rfm.FrequencyScore);
            Assert.Equal(1 + rfm.MonetaryEdges!.Count(edge => rfm.Monetary > edge), rfm.MonetaryScore);
            Assert.True(rfm.FrequencyScoreLow <= rfm.Frequency && rfm.Frequency <= rfm.FrequencyScoreHigh);

            var first = rules.First(r => r.RMin <= rfm.RecencyScore && rfm.RecencyScore <= r.RMax && r.FMin <= rfm.FrequencyScore && rfm.FrequencyScore <= r.FMax);
            Assert.Equal((first.Order, first.Segment), (rfm.MatchedRule!.RuleOrder, rfm.MatchedRule.Segment));
        }
    }

    [Fact]
    public void The_stored_quintile_edges_give_every_customer_their_stored_scores()
    {
        Assert.Equal(12, run.Scalar<long>("SELECT count(*) FROM rfm_quintile_edges"));
        Assert.Equal(0, run.Scalar<long>("""
            WITH edges AS (
                SELECT list(value ORDER BY edge) FILTER (WHERE measure = 'recency') AS r,
                       list(value ORDER BY edge) FILTER (WHERE measure = 'frequency_rank') AS f,
                       list(value ORDER BY edge) FILTER (WHERE measure = 'monetary') AS m
                FROM rfm_quintile_edges)
            SELECT count(*) FROM customer_rfm, edges
            WHERE 6 - qcut_bin(recency, r) <> recency_score
               OR qcut_bin(frequency_rank, f) <> frequency_score
               OR qcut_bin(monetary, m) <> monetary_score
            """));
        Assert.Equal(
            run.Scalar<string>("SELECT qcut_inner_edges(sorted_doubles(monetary), 5)::VARCHAR FROM customer_rfm"),
            run.Scalar<string>("SELECT list(value ORDER BY edge)::VARCHAR FROM rfm_quintile_edges WHERE measure = 'monetary'"));
    }

    [Fact]
    public void Purchases_lifecycle_and_cltv_are_the_stored_rows()
    {
        var id = run.Scalar<string>("SELECT min(customer_id) FROM transaction_flags WHERE second_purchase");
        var e = CustomerExplainer.Explain(run.Summary.DatabasePath, id);

        var totals = run.Query<(string First, string Last, long Transactions, double Amount)>(
            $"SELECT first_purchase_date::VARCHAR, last_purchase_date::VARCHAR, transactions, amount FROM customer_purchase_totals WHERE customer_id = '{id}'").Single();
        Assert.Equal(totals, (e.Purchases!.FirstPurchase.ToString("yyyy-MM-dd"), e.Purchases.LastPurchase.ToString("yyyy-MM-dd"), e.Purchases.Transactions, e.Purchases.Amount));
        Assert.True(e.Lifecycle is { Buyer: true, Retained: true, SecondPurchase: true, Leads: > 0 });

        var cltv = run.Query<(double X, double Tx, double T, double PAlive, double Expected, double Clv, string Segment)>(
            $"SELECT s.frequency, s.recency, s.t, p.p_alive, p.expected_purchases, p.clv, p.clv_segment FROM cltv_summary s JOIN cltv_predictions p USING (customer_id) WHERE customer_id = '{id}'").Single();
        Assert.Equal(cltv, (e.Cltv!.X, e.Cltv.Tx, e.Cltv.T, e.Cltv.PAlive!.Value, e.Cltv.ExpectedPurchases!.Value, e.Cltv.Clv!.Value, e.Cltv.ClvSegment!));
        Assert.Empty(e.Notes);
    }
}
