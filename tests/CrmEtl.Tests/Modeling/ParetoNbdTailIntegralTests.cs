using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class ParetoNbdTailIntegralTests
{
    /// <summary>(p, s, α, β, y) where both the ₂F₁ series and the quadrature apply (z up to 0.98, both cases of α vs β).</summary>
    public static TheoryData<double, double, double, double, double> Overlap => new()
    {
        { 0.55, 0.61, 10.58, 11.67, 0 },
        { 2.55, 0.61, 10.58, 11.67, 30 },
        { 0.3, 2.0, 50, 1, 0 },
        { 0.3, 2.0, 1, 50, 0 },
        { 40.3, 0.2, 1, 50, 3 },
        { 1.3, 30, 200, 4, 1 },
    };

    [Theory]
    [MemberData(nameof(Overlap))]
    public void Series_and_quadrature_agree(double p, double s, double alpha, double beta, double y)
    {
        var series = ParetoNbdTailIntegral.Evaluate(p, s, alpha, beta, y);
        var quadrature = ParetoNbdTailIntegral.Quadrature(p, s, (beta + y) / (alpha + y));

        Assert.Equal(series.Value, quadrature.Value, 1e-11);
        Assert.Equal(series.DP, quadrature.DP, 1e-9);
        Assert.Equal(series.DS, quadrature.DS, 1e-9);
        Assert.Equal(series.DLogRho, quadrature.DLogRho, 1e-9);
    }
}
