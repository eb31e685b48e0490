using CrmEtl.Core.Modeling;
using MathNet.Numerics;

namespace CrmEtl.Tests.Modeling;

public class ParetoNbdModelTests
{
    /// <summary>Published Pareto/NBD estimates on the CDNOW sample, weeks (Fader &amp; Hardie): r 0.5534, α 10.5802, s 0.6061, β 11.6689.</summary>
    private static readonly ParetoNbdModel Published = new(0.5534, 10.5802, 0.6061, 11.6689);

    [Fact]
    public void Fit_on_cdnow_reproduces_published_estimates()
    {
        var fit = ParetoNbdModel.Fit(CdnowSample.Histories).Fit;

        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(2357, fit.Customers);
        Assert.True(fit.GradientNorm < 1e-8);
        Assert.True(fit.LogLikelihood >= -9594.98 - 0.01, $"log-likelihood {fit.LogLikelihood}");
        // The published figures are Excel Solver output: our optimum (r 0.553277, α 10.57768, s 0.606240, β 11.66874,
        // gradient 1e-10) has a log-likelihood 2e-5 above the published point's, so the likelihood cannot tell them apart.
        // The standard errors are r 0.048, α 0.84, s 0.19, β 6.2; the tolerances below (at most 1/1000 of an SE for α and β,
        // 1/100 for r and s) accept that Solver point and nothing a real mistake would produce.
        Assert.Equal(0.5534, fit.Value("r"), 0.0005);
        Assert.Equal(10.5802, fit.Value("alpha"), 0.005);
        Assert.Equal(0.6061, fit.Value("s"), 0.0005);
        Assert.Equal(11.6689, fit.Value("beta"), 0.005);
    }

    [Fact]
    public void Likelihood_at_the_published_point_is_the_published_value()
    {
        var likelihood = new ParetoNbdLikelihood(new HistoryTable(CdnowSample.Histories, [.. Enumerable.Repeat(1.0, 2357)]));
        var gradient = new double[4];

        var value = likelihood.Evaluate([.. new[] { Published.R, Published.Alpha, Published.S, Published.Beta }.Select(p => Math.Log(p))], gradient);

        Assert.Equal(-9594.98, value, 0.005);
    }

    [Fact]
    public void Standard_errors_on_cdnow_are_positive_and_of_the_expected_size()
    {
        var fit = ParetoNbdModel.Fit(CdnowSample.Histories).Fit;

        // β is poorly identified on CDNOW (SE about half its value); r is the best-determined parameter.
        Assert.InRange(fit.Parameters[0].StandardError!.Value, 0.03, 0.07);
        Assert.InRange(fit.Parameters[3].StandardError!.Value, 3, 10);
        Assert.All(fit.Parameters, p => Assert.True(p.StandardError > 0));
    }

    /// <summary>
    /// P(alive) and E[Y(t) | x, t_x, T] against a direct double integral over the individual rates, which shares no code with
    /// the model: given λ and μ the likelihood is λ^x e^{−(λ+μ)T} + λ^x μ/(λ+μ)·(e^{−(λ+μ)t_x} − e^{−(λ+μ)T}), alive is the
    /// first term, and an alive customer buys λ/μ·(1 − e^{−μt}) in expectation; λ ~ Gamma(r, α), μ ~ Gamma(s, β).
    /// </summary>
    [Theory]
    [InlineData(2, 30.43, 38.86, 39)] // FHL's example customer
    [InlineData(0, 0, 30, 26)]
    [InlineData(0, 0, 1, 52)]
    [InlineData(7, 20, 38, 13)]
    [InlineData(15, 37.5, 38, 39)]
    public void Predictions_match_a_double_integral_over_the_rates(double x, double tx, double t, double horizon)
    {
        var history = new PurchaseHistory(x, tx, t);
        double Alive(double lambda, double mu) => Math.Pow(lambda, x) * Math.Exp(-(lambda + mu) * t);
        double Likelihood(double lambda, double mu) =>
            Alive(lambda, mu) + (Math.Pow(lambda, x) * mu / (lambda + mu) * (Math.Exp(-(lambda + mu) * tx) - Math.Exp(-(lambda + mu) * t)));
        double Purchases(double lambda, double mu) => Alive(lambda, mu) * lambda * Lifetime(mu, horizon);

        var likelihood = OverRates(Published, Likelihood);
        var alive = OverRates(Published, Alive) / likelihood;
        var expected = OverRates(Published, Purchases) / likelihood;

        Assert.Equal(alive, Published.ProbabilityAlive(history), 1e-7);
        Assert.Equal(expected, Published.ConditionalExpectedPurchases(horizon, history), 1e-7 * (1 + expected));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(39)]
    [InlineData(78)]
    public void Unconditional_expectation_matches_a_double_integral_over_the_rates(double t)
    {
        var expected = OverRates(Published, (lambda, mu) => lambda * Lifetime(mu, t));

        Assert.Equal(expected, Published.ExpectedPurchases(t), 1e-7 * expected);
        Assert.Equal(Published.ExpectedPurchases(t), Published.ConditionalExpectedPurchases(t, new PurchaseHistory(0, 0, 0)), 1e-12);
    }

    /// <summary>(1 − e^{−μt})/μ, the expected time alive within t, with the series where the difference would cancel.</summary>
    private static double Lifetime(double mu, double t) => mu * t < 1e-4 ? t * (1 - (mu * t / 2) + (mu * t * mu * t / 6)) : (1 - Math.Exp(-mu * t)) / mu;

    /// <summary>
    /// E[f(λ, μ)] under the two gammas, by nested adaptive Gauss–Kronrod. λ = w^{1/r} turns the Gamma(r, α) density, singular at
    /// 0 for r &lt; 1, into the bounded α^r e^{−αλ}/Γ(r+1) dw (likewise μ).
    /// </summary>
    private static double OverRates(ParetoNbdModel model, Func<double, double, double> f)
    {
        double Density(double shape, double rate, double value) => Math.Exp((shape * Math.Log(rate)) - (rate * value) - SpecialFunctions.GammaLn(shape + 1));
        double Integrate(Func<double, double> g, double shape, double rate) =>
            MathNet.Numerics.Integrate.GaussKronrod(w => g(Math.Pow(w, 1 / shape)) * Density(shape, rate, Math.Pow(w, 1 / shape)),
                0, Math.Pow(200 / rate, shape), out _, out _, 1e-11, 20, 61);
        return Integrate(mu => Integrate(lambda => f(lambda, mu), model.R, model.Alpha), model.S, model.Beta);
    }
}
