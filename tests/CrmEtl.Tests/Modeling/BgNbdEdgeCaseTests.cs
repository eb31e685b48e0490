using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class BgNbdEdgeCaseTests
{
    private static readonly BgNbdModel Cdnow = new(0.2426, 4.4137, 0.7930, 2.4262);

    [Fact]
    public void One_time_buyer_is_alive_and_has_finite_expected_purchases()
    {
        var history = new PurchaseHistory(0, 0, 30);

        Assert.Equal(1, Cdnow.ProbabilityAlive(history));
        var expected = Cdnow.ConditionalExpectedPurchases(26, history);
        Assert.InRange(expected, 0.01, 1);
    }

    [Theory]
    [InlineData(52, 0.99, 1)]    // bought on the as-of day: almost surely alive
    [InlineData(51, 0.05, 0.1)]  // ~10 purchases a week, then a silent week: probably gone
    public void Very_frequent_buyer_has_finite_predictions(double recency, double aliveFrom, double aliveTo)
    {
        var history = new PurchaseHistory(500, recency, 52);

        var alive = Cdnow.ProbabilityAlive(history);
        var expected = Cdnow.ConditionalExpectedPurchases(26, history);

        Assert.InRange(alive, aliveFrom, aliveTo);
        // The same quantity by the quadrature route, which shares no code with the series.
        var ifAlive = ExpectedPurchasesIfAlive.ViaQuadrature(Cdnow.R + 500, Cdnow.A, Cdnow.B + 500, 26 / (Cdnow.Alpha + 52));
        Assert.Equal(alive * ifAlive, expected, expected * 1e-8);
        Assert.InRange(ifAlive, 100, 260);
    }

    [Fact]
    public void Predictions_with_a_plus_b_below_one_are_positive_and_increase_with_the_horizon()
    {
        // a + b < 1 makes a + b + x − 1 negative for x = 0: lifetimes returns NaN or negative values here.
        var model = new BgNbdModel(0.5, 2, 0.3, 0.4);
        var previous = 0.0;
        foreach (var t in new[] { 0.1, 1, 10, 100, 1000 })
        {
            var expected = model.ConditionalExpectedPurchases(t, new PurchaseHistory(0, 0, 10));
            Assert.True(expected > previous, $"E[Y({t})] = {expected} after {previous}");
            previous = expected;
        }

        Assert.True(model.ExpectedPurchases(52) > 0);
    }

    [Fact]
    public void Dropout_pinned_by_the_data_gives_the_point_mass_limit_without_failing()
    {
        // The fit on seed 000's data (everyone stops after 1–3 purchases) lands at a, b ~ 1e10:
        // p ~ Beta(a, b) is then a point mass at a/(a+b), where the series and the quadrature fail.
        var pinned = new BgNbdModel(1.94, 12.8, 72_004_899_337.4, 39_916_496_519.7);
        var history = new PurchaseHistory(1, 3, 20);

        var expected = pinned.ConditionalExpectedPurchases(26, history);

        Assert.True(double.IsFinite(expected) && expected > 0);
        // A degenerate fit on four customers: p̄ next to 1, β ~ 1e-8, r ~ 1e10.
        var degenerate = new BgNbdModel(11_455_324_894.8, 190_000_000, 343_824_530.03, 8.7e-9);
        Assert.True(double.IsFinite(degenerate.ConditionalExpectedPurchases(26, new PurchaseHistory(2, 10, 12))));

        // Where the quadrature is still sound, the expansion agrees with it to 1e-8.
        foreach (var total in new[] { 1e4, 1e5, 1e6 })
        {
            var (a, b, c) = (0.64 * total, 0.36 * total, 26 / (12.8 + 20));
            var integrated = ExpectedPurchasesIfAlive.ViaQuadrature(2.94, a, b, c);
            Assert.Equal(integrated, ExpectedPurchasesIfAlive.AroundMeanDropout(2.94, a, b, c), 1e-8 * integrated);
        }
    }
}
