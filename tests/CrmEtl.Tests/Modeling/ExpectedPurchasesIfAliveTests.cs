using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class ExpectedPurchasesIfAliveTests
{
    /// <summary>
    /// (s, a, β, c, H) with H from the closed form C/(a−1)·[1 − (1−z)^s ₂F₁(s, β; C; z)] evaluated by mpmath 1.3 at
    /// 40 digits (its hyp2f1 continues analytically to C ≤ 0); for a = 1, where that form is 0/0, by mpmath quadrature of
    /// the Beta integral. Chosen to hit what breaks naive implementations.
    /// </summary>
    public static TheoryData<double, double, double, double, double> References => new()
    {
        { 2.2426, 0.793, 4.4262, 0.9012402452297816, 1.6871515120702649066 },      // CDNOW example customer
        { 0.5, 0.3, 0.4, 2.0, 0.69774328186368546927 },                          // a < 1 and a + b < 1 with x = 0 (C < 0)
        { 0.5, 0.3, 0.4, 0.2, 0.094285418333269323599 },
        { 1.5, 1.0, 2.0, 3.0, 2.2885270990993241946 },                           // a = 1: the closed form divides by zero
        { 1.5, 1.0000001, 2.0, 3.0, 2.2885269976362062105 },                     // a next to 1: cancellation in the closed form
        { 500.24, 0.79, 502.43, 0.5, 211.83427945065227065 },                    // x = 500: the plain series overflows
        { 500.24, 0.79, 502.43, 30.0, 2523.3431820891701603 },
        { 0.24, 0.79, 2.43, 200.0, 6.2280145092063539323 },                      // long horizon, z close to 1
        { 3.0, 5.0, 0.05, 1.5, 0.94569448144554043822 },                         // tiny b
        { 50.0, 0.2, 0.3, 4.0, 51.733454638870189442 },                          // C − s very negative
        { 0.24, 0.79, 2.43, 1e-6, 2.3999996349317924434e-7 },                     // tiny horizon
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Compute_matches_high_precision_reference(double s, double a, double beta, double c, double expected)
    {
        var actual = ExpectedPurchasesIfAlive.Compute(s, a, beta, c);
        Assert.Equal(expected, actual, expected * 1e-10);
    }

    [Theory]
    [MemberData(nameof(References))]
    public void Quadrature_fallback_agrees_with_reference(double s, double a, double beta, double c, double expected)
    {
        var actual = ExpectedPurchasesIfAlive.ViaQuadrature(s, a, beta, c);
        Assert.Equal(expected, actual, expected * 1e-7);
    }
}
