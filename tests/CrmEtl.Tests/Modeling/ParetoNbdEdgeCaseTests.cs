using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class ParetoNbdEdgeCaseTests
{
    private static readonly ParetoNbdModel Cdnow = new(0.5533, 10.5777, 0.6062, 11.6687);

    [Fact]
    public void One_time_buyer_may_be_inactive_and_fades_with_age()
    {
        var young = Cdnow.ProbabilityAlive(new PurchaseHistory(0, 0, 1));
        var old = Cdnow.ProbabilityAlive(new PurchaseHistory(0, 0, 50));

        Assert.InRange(old, 0.01, young);
        Assert.Equal(1, Cdnow.ProbabilityAlive(new PurchaseHistory(0, 0, 0)));
        Assert.InRange(Cdnow.ConditionalExpectedPurchases(26, new PurchaseHistory(0, 0, 50)), 0.01, 1);
    }

    [Theory]
    [InlineData(52, 0.99, 1)]      // bought on the as-of day: alive
    // ~10 purchases a week, then a silent week. Unlike BG/NBD, dropout does not come with purchases: alive and silent for a
    // week is e^−8 ≈ 3e-4 (λ | data ≈ 8 a week), dying in that week ≈ 0.01 × 1/8 (μ | 51 weeks alive ~ Gamma(0.61, 62.6)),
    // so P(alive) ≈ 3.4e-4 / (3.4e-4 + 1.2e-3) ≈ 0.2.
    [InlineData(51, 0.1, 0.35)]
    public void Very_frequent_buyer_has_finite_predictions(double recency, double aliveFrom, double aliveTo)
    {
        var history = new PurchaseHistory(500, recency, 52);

        var alive = Cdnow.ProbabilityAlive(history);
        var expected = Cdnow.ConditionalExpectedPurchases(26, history);

        Assert.InRange(alive, aliveFrom, aliveTo);
        Assert.True(double.IsFinite(expected) && expected >= 0);
    }

    [Fact]
    public void Long_observation_and_huge_frequency_stay_finite()
    {
        PurchaseHistory[] histories = [new(0, 0, 5000), new(3, 10, 5000), new(100_000, 4999, 5000), new(1, 4999.9, 5000)];

        foreach (var history in histories)
        {
            var alive = Cdnow.ProbabilityAlive(history);
            var expected = Cdnow.ConditionalExpectedPurchases(52, history);
            Assert.InRange(alive, 0, 1);
            Assert.True(double.IsFinite(expected) && expected >= 0, $"{history}: {expected}");
        }
    }

    [Fact]
    public void Expectation_is_continuous_at_s_equal_one()
    {
        var history = new PurchaseHistory(2, 30, 38);
        var atOne = new ParetoNbdModel(0.55, 10.6, 1, 11.7).ConditionalExpectedPurchases(39, history);
        var nextToOne = new ParetoNbdModel(0.55, 10.6, 1 + 1e-9, 11.7).ConditionalExpectedPurchases(39, history);

        Assert.Equal(atOne, nextToOne, 1e-7);
    }
}
