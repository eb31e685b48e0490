using CrmEtl.Core;
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
    public void Predictions_are_finite_over_a_wide_parameter_grid()
    {
        // s = 1 is the removable singularity of E[Y(t)]; α and β decades apart send the tail integral to quadrature.
        double[] values = [1e-4, 0.7, 1, 60, 1e5];
        PurchaseHistory[] histories = [new(0, 0, 0), new(0, 0, 40), new(1, 0.1, 40), new(7, 30, 31), new(500, 51, 52)];
        double[] horizons = [0, 0.5, 26, 2000];

        foreach (var model in from r in values from alpha in values from s in values from beta in values select new ParetoNbdModel(r, alpha, s, beta))
        {
            foreach (var history in histories)
            {
                var alive = model.ProbabilityAlive(history);
                Assert.True(alive is >= 0 and <= 1, $"{model} {history}: P(alive) = {alive}");
                foreach (var t in horizons)
                {
                    var expected = model.ConditionalExpectedPurchases(t, history);
                    Assert.True(double.IsFinite(expected) && expected >= 0, $"{model} {history} t = {t}: {expected}");
                }
            }
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

    [Fact]
    public void Fit_with_only_one_time_buyers_throws_a_clear_diagnostic()
    {
        PurchaseHistory[] customers = [new(0, 0, 10), new(0, 0, 20), new(0, 0, 30)];

        var error = Assert.Throws<CrmEtlException>(() => ParetoNbdModel.Fit(customers));

        Assert.Contains("none of the 3 customers has a repeat purchase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_on_a_single_customer_is_flagged_as_not_identified()
    {
        var fit = ParetoNbdModel.Fit([new PurchaseHistory(3, 20, 30)]).Fit;

        Assert.Equal(FitStatus.OnBoundary, fit.Status);
        Assert.Contains("the data do not identify them", fit.Diagnostic, StringComparison.Ordinal);
        Assert.All(fit.Parameters, p => Assert.True(double.IsFinite(p.Value)));
    }

    [Fact]
    public void Fit_recovers_the_parameters_of_simulated_customers()
    {
        var truth = new ParetoNbdModel(0.55, 10.6, 0.6, 11.7);
        var customers = ParetoNbdSimulation.Generate(truth, 20_000, acquisitionWindow: 52, seed: 7);

        var fit = ParetoNbdModel.Fit(customers).Fit;

        Assert.Equal(FitStatus.Converged, fit.Status);
        double[] generating = [truth.R, truth.Alpha, truth.S, truth.Beta];
        for (var j = 0; j < 4; j++)
        {
            var estimate = fit.Parameters[j];
            Assert.True(
                Math.Abs(estimate.Value - generating[j]) < 4 * estimate.StandardError!.Value,
                $"{estimate.Name}: {estimate.Value} ± {estimate.StandardError} vs {generating[j]}");
        }
    }

    [Fact]
    public void Fit_does_not_depend_on_the_time_unit()
    {
        var weeks = ParetoNbdModel.Fit(CdnowSample.Histories).Fit;
        var days = ParetoNbdModel.Fit([.. CdnowSample.Histories.Select(h => new PurchaseHistory(h.Frequency, h.Recency * 7, h.T * 7))]).Fit;

        Assert.Equal(weeks.Value("r"), days.Value("r"), 1e-6);
        Assert.Equal(weeks.Value("alpha") * 7, days.Value("alpha"), 1e-4);
        Assert.Equal(weeks.Value("s"), days.Value("s"), 1e-6);
        Assert.Equal(weeks.Value("beta") * 7, days.Value("beta"), 1e-3);
    }

    [Fact]
    public void Penalizer_shrinks_the_parameters()
    {
        var plain = ParetoNbdModel.Fit(CdnowSample.Histories).Fit;
        var penalized = ParetoNbdModel.Fit(CdnowSample.Histories, penalizer: 0.01).Fit;

        Assert.True(penalized.Value("alpha") < plain.Value("alpha"));
        Assert.True(penalized.Value("beta") < plain.Value("beta"));
        Assert.True(penalized.LogLikelihood < plain.LogLikelihood);
        Assert.Equal(0.01, penalized.Penalizer);
    }
}
