using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

/// <summary>The analytic gradients against central finite differences of the log-likelihoods, at random parameter points.</summary>
public class GradientTests
{
    private static readonly PurchaseHistory[] Histories =
    [
        .. CdnowSample.Histories,
        new(0, 0, 0),          // first purchase on the as-of day
        new(500, 51, 52),      // very frequent buyer
        new(1, 0.5, 80),
        new(3, 3, 3),          // last purchase on the as-of day
    ];

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BgNbd_gradient_matches_finite_differences(int seed) =>
        AssertGradient(new BgNbdLikelihood(Table()), seed);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MbgNbd_gradient_matches_finite_differences(int seed) =>
        AssertGradient(new MbgNbdLikelihood(Table()), seed);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ParetoNbd_gradient_matches_finite_differences(int seed) =>
        AssertGradient(new ParetoNbdLikelihood(Table()), seed);

    /// <summary>α and β orders of magnitude apart: the ₂F₁ series gives way to quadrature for some (x, time) pairs.</summary>
    [Theory]
    [InlineData(-1.0, 1.0, 8.0, 12.0)]
    [InlineData(0.5, 12.0, -0.5, 0.0)]
    [InlineData(-0.7, 2.3, 11.0, 14.0)]
    public void ParetoNbd_gradient_matches_finite_differences_far_from_alpha_equal_beta(double lnR, double lnAlpha, double lnS, double lnBeta) =>
        AssertGradient(new ParetoNbdLikelihood(Table()), [lnR, lnAlpha, lnS, lnBeta]);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GammaGamma_gradient_matches_finite_differences(int seed)
    {
        List<SpendHistory> spend =
        [
            .. CdnowSample.Customers.Where(c => c.History.Frequency > 0).Select(c => new SpendHistory(c.History.Frequency, c.Monetary)),
            new(500, 12.5),
            new(1, 0.01),
            new(2, 1e5),
        ];
        AssertGradient(new GammaGammaLikelihood(spend), seed);
    }

    private static HistoryTable Table() => new(Histories, [.. Histories.Select((_, i) => 1.0 + (i % 3))]);

    private static void AssertGradient(ILogLikelihood likelihood, int seed)
    {
        var random = new Random(seed);
        var k = likelihood.ParameterNames.Count;
        AssertGradient(likelihood, [.. Enumerable.Range(0, k).Select(_ => (random.NextDouble() * 4) - 2)]);
    }

    private static void AssertGradient(ILogLikelihood likelihood, double[] theta)
    {
        var k = likelihood.ParameterNames.Count;
        var analytic = new double[k];
        likelihood.Evaluate(theta, analytic);
        var scratch = new double[k];
        for (var j = 0; j < k; j++)
        {
            const double h = 1e-4;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            var numeric = (likelihood.Evaluate(plus, scratch) - likelihood.Evaluate(minus, scratch)) / (2 * h);
            Assert.True(
                Math.Abs(numeric - analytic[j]) <= 1e-6 * (1 + Math.Abs(numeric)),
                $"{likelihood.Model} ∂/∂ln {likelihood.ParameterNames[j]} at θ = [{string.Join(", ", theta)}]: analytic {analytic[j]}, numeric {numeric}");
        }
    }
}
