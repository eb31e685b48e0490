using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class BgNbdModelTests
{
    /// <summary>Fader, Hardie &amp; Lee (2005), §5, CDNOW sample, weeks: the estimates as published (Excel Solver, 4 decimals).</summary>
    private static readonly BgNbdModel Published = new(0.2426, 4.4137, 0.7930, 2.4262);

    [Fact]
    public void Fit_on_cdnow_reproduces_published_estimates()
    {
        var fit = BgNbdModel.Fit(CdnowSample.Histories).Fit;

        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(2357, fit.Customers);
        Assert.Equal(-9582.43, fit.LogLikelihood, 2);
        // The published values are Solver output, not the exact optimum: the exact MLE is r = 0.242595, α = 4.413602,
        // a = 0.792922, b = 2.425907 (gradient 2e-12), whose log-likelihood exceeds the published point's by 2e-7 — the
        // likelihood cannot tell them apart. They agree to the published precision within 3e-4 (b, whose SE is 0.7).
        Assert.Equal(0.2426, fit.Value("r"), 0.0001);
        Assert.Equal(4.4137, fit.Value("alpha"), 0.0002);
        Assert.Equal(0.7930, fit.Value("a"), 0.0002);
        Assert.Equal(2.4262, fit.Value("b"), 0.0004);
    }

    [Fact]
    public void Fit_on_cdnow_is_at_least_as_good_as_published_and_lifetimes_estimates()
    {
        var table = new HistoryTable(CdnowSample.Histories, [.. Enumerable.Repeat(1.0, 2357)]);
        var likelihood = new BgNbdLikelihood(table);
        var fit = BgNbdModel.Fit(CdnowSample.Histories).Fit;

        // lifetimes 0.11 documentation, BetaGeoFitter on the same data: r 0.242593, alpha 4.413532, a 0.792886, b 2.425752.
        var lifetimes = Evaluate(likelihood, 0.242593, 4.413532, 0.792886, 2.425752);
        var published = Evaluate(likelihood, 0.2426, 4.4137, 0.7930, 2.4262);

        Assert.Equal(-9582.429206872368, published, 1e-8); // same value from a direct Python evaluation of eq. 6
        Assert.True(fit.LogLikelihood >= lifetimes);
        Assert.True(fit.LogLikelihood >= published);
        Assert.True(fit.GradientNorm < 1e-8);
    }

    [Fact]
    public void Standard_errors_on_cdnow_match_lifetimes()
    {
        // lifetimes 0.11 documentation (bgf.summary) on the same data: se(r) 0.012557, se(alpha) 0.378221,
        // se(a) 0.185719, se(b) 0.705345; the small differences come from its slightly different optimum.
        var fit = BgNbdModel.Fit(CdnowSample.Histories).Fit;
        double[] expected = [0.012557, 0.378221, 0.185719, 0.705345];

        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(expected[j], fit.Parameters[j].StandardError!.Value, expected[j] * 0.001);
        }
    }

    [Fact]
    public void Conditional_expectation_matches_published_example()
    {
        // FHL 2005, §5: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226 purchases in the next 39 weeks.
        var expected = Published.ConditionalExpectedPurchases(39, new PurchaseHistory(2, 30.43, 38.86));

        Assert.Equal(1.226, expected, 0.0005);
    }

    [Theory]
    [InlineData(1, 0.0532)]
    [InlineData(3, 0.1506)]
    [InlineData(31.8571, 1.0405)]
    public void Unconditional_expectation_matches_published_values(double weeks, double expected)
    {
        Assert.Equal(expected, Published.ExpectedPurchases(weeks), 0.00005);
    }

    /// <summary>
    /// E[X(t)] at the published parameters against the closed form evaluated by mpmath 1.3 (30 digits). The published
    /// 1.8576 at t = 78 is not the formula's value: it is what the ₂F₁ series gives when cut after 150 terms
    /// (z = 78/82.41 = 0.946 converges slowly); the exact value is 1.8579455.
    /// </summary>
    [Theory]
    [InlineData(1, 0.053184366)]
    [InlineData(3, 0.15063125)]
    [InlineData(31.8571, 1.0404902)]
    [InlineData(78, 1.8579455)]
    public void Unconditional_expectation_matches_exact_closed_form(double weeks, double exact)
    {
        Assert.Equal(exact, Published.ExpectedPurchases(weeks), exact * 1e-7);
    }

    private static double Evaluate(BgNbdLikelihood likelihood, params double[] parameters)
    {
        var gradient = new double[parameters.Length];
        return likelihood.Evaluate([.. parameters.Select(p => Math.Log(p))], gradient);
    }
}
