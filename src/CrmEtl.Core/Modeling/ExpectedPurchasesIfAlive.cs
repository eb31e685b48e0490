using MathNet.Numerics;
using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// The expected number of purchases in the next t time units by a BG/NBD-family customer who is alive now:
/// <code>
///   H = E[(1 − (1 + p·c)^(−s)) / p],   p ~ Beta(a, β),   c = t / (α + T),   s = r + x
/// </code>
/// (given λ and p, an alive customer makes (1 − e^(−λpt))/p purchases in expectation; λ | alive ~ Gamma(s, α + T)).
/// Conditional expectation = P(alive) · H with β = b + x (BG/NBD) or b + x + 1 (MBG/NBD); E[X(t)] is the x = T = 0 case.
/// <para>
/// Fader, Hardie &amp; Lee (2005, eq. 10) write H = C/(a−1)·[1 − (1−z)^s ₂F₁(s, β; C; z)] with C = a + β − 1, z = t/(α+T+t).
/// That form divides by a − 1, breaks for C ≤ 0 (a + b &lt; 1 with x = 0) and its series overflows for large x.
/// Euler's transformation ₂F₁(s, β; C; z) = (1−z)^(C−s−β) ₂F₁(C−s, C−β; C; z), with C − β = a − 1, gives
/// </para>
/// <code>
///   H = C·[1 − (1−z)^(a−1)]/(a−1) − (1−z)^(a−1) · Σ_{k≥1} w_k,
///   w_1 = (C−s)·z,   w_{k+1} = w_k · z·(C−s+k)(a+k−1) / ((C+k)(k+1)),
/// </code>
/// in which the factor a − 1 of the Pochhammer symbol (a−1)_k has cancelled the division, C − s = a + b − 1 − r (+1 for MBG)
/// does not grow with x, and no denominator can vanish for a, b &gt; 0. [1 − (1−z)^(a−1)]/(a−1) is evaluated as
/// −ln(1−z)·expm1(e)/e with e = (a−1)·ln(1−z), continuous at a = 1. When the series would need too many terms (z near 1) or
/// loses digits to cancellation, H is integrated numerically over p instead (double-exponential quadrature).
/// </summary>
internal static class ExpectedPurchasesIfAlive
{
    private const int MaximumTerms = 20_000;

    /// <summary>Largest tolerated ratio of the summed magnitudes to the result (digits lost to cancellation ≈ its log10).</summary>
    private const double MaximumCancellation = 1e6;

    /// <summary>
    /// From this a + β on, Beta(a, β) is so concentrated (Var(p) ≈ p̄(1−p̄)/(a+β)) that the second-order expansion
    /// around its mean is exact to O(1/(a+β)²) ≈ 1e-8, while the quadrature degrades and, past ~1e7, fails.
    /// </summary>
    private const double ConcentratedDropout = 1e4;

    public static double Compute(double s, double a, double beta, double c)
    {
        if (!(c > 0))
        {
            return 0;
        }

        var value = a + beta >= ConcentratedDropout
            ? AroundMeanDropout(s, a, beta, c)
            : ViaEulerSeries(s, a, beta, c) ?? ViaQuadrature(s, a, beta, c);
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"Expected purchases could not be evaluated (s = {s}, a = {a}, beta = {beta}, c = {c}): got {value}."));
        }

        return value;
    }

    /// <summary>
    /// H for a concentrated dropout distribution, by the delta method: E[f(p)] ≈ f(p̄) + ½ f''(p̄) Var(p), with
    /// f(p) = (1 − (1 + p·c)^(−s)) / p. A fit lands here when the data pins p down (e.g. every customer stops after a
    /// few purchases, a and b → ∞), where the series cancels and the quadrature fails.
    /// </summary>
    internal static double AroundMeanDropout(double s, double a, double beta, double c)
    {
        double F(double p) => -LogSpace.ExpM1(-s * LogSpace.Log1p(p * c)) / p;
        var total = a + beta;
        var mean = a / total;
        var variance = mean * (beta / total) / (total + 1);
        // F is smooth on (0, ∞), so the difference step need only keep p > 0, even when p̄ is next to 1.
        var step = 1e-3 * mean;
        var secondDerivative = (F(mean + step) - (2 * F(mean)) + F(mean - step)) / (step * step);
        var correction = 0.5 * secondDerivative * variance;
        return F(mean) + (double.IsFinite(correction) ? correction : 0);
    }

    /// <summary>The Euler-transformed series, or null when it is not trustworthy for these arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double? ViaEulerSeries(double s, double a, double beta, double c)
    {
        var bigC = a + beta - 1;
        var z = c / (1 + c);
        var logOneMinusZ = -LogSpace.Log1p(c);
        var e = (a - 1) * logOneMinusZ;
        var scale = Math.Exp(e);
        var first = bigC * -logOneMinusZ * LogSpace.ExpM1OverX(e);

        var cMinusS = bigC - s;
        double sum = 0, magnitude = 0;
        var w = cMinusS * z;
        var converged = false;
        for (var k = 1; k <= MaximumTerms; k++)
        {
            sum += w;
            magnitude += Math.Abs(w);
            var ratio = z * (cMinusS + k) * (a + k - 1) / ((bigC + k) * (k + 1));
            w *= ratio;
            // Past the first terms the ratio tends monotonically to z, so max(|ratio|, z) bounds the rest of the
            // terms and the tail is at most |w| / (1 − bound).
            var bound = Math.Max(Math.Abs(ratio), z);
            if (w == 0 || (bound < 1 && Math.Abs(w) / (1 - bound) <= 1e-17 * Math.Abs(sum)))
            {
                converged = true;
                break;
            }
        }

        var value = first - scale * sum;
        var cancellation = (Math.Abs(first) + scale * magnitude) / value;
        return converged && value > 0 && double.IsFinite(value) && cancellation < MaximumCancellation ? value : null;
    }

    /// <summary>
    /// H by Gauss–Kronrod quadrature of the Beta(a, β) integral. [0, ½] is cut at 10^k/c and 10^k/(a+β), the scales on which
    /// the integrand (1 − (1 + p·c)^(−s))/p and the density change, so every piece is smooth on its own scale; [½, 1] is one
    /// piece. Where an exponent is below 1 the density is singular at that end; substituting p = u^(1/a) (or
    /// 1 − p = v^(1/β)) absorbs p^(a−1) dp = du/a and leaves a bounded integrand.
    /// </summary>
    internal static double ViaQuadrature(double s, double a, double beta, double c)
    {
        var logBetaFunction = SpecialFunctions.GammaLn(a) + SpecialFunctions.GammaLn(beta) - SpecialFunctions.GammaLn(a + beta);

        // (1 − (1 + p·c)^(−s)) / p: expected purchases of an alive customer with dropout probability p, λ integrated out.
        double PerCustomer(double p) => p > 0 ? -LogSpace.ExpM1(-s * LogSpace.Log1p(p * c)) / p : s * c;

        double LogPower(double exponent, double y) => exponent == 0 ? 0 : exponent * Math.Log(y);

        // ∫ over p in [from, to] ⊂ [0, ½]; the (1 − p)^(β−1) factor is regular there.
        double LowerPiece(double from, double to) => a < 1
            ? Integrate(u =>
            {
                var p = Math.Pow(u, 1 / a);
                return PerCustomer(p) * Math.Exp(LogPower(beta - 1, 1 - p) - logBetaFunction) / a;
            }, Math.Pow(from, a), Math.Pow(to, a))
            : Integrate(p => PerCustomer(p) * Math.Exp(LogPower(a - 1, p) + LogPower(beta - 1, 1 - p) - logBetaFunction), from, to);

        var cuts = new SortedSet<double> { 0, 0.5 };
        for (var scale = 1.0; scale < 1e300; scale *= 10)
        {
            foreach (var width in new[] { scale / c, scale / (a + beta) })
            {
                if (width < 0.5)
                {
                    cuts.Add(width);
                }
            }

            if (scale / c >= 0.5 && scale / (a + beta) >= 0.5)
            {
                break;
            }
        }

        var points = cuts.ToArray();
        double lower = 0;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            lower += LowerPiece(points[i], points[i + 1]);
        }

        var upper = beta < 1
            ? Integrate(v =>
            {
                var oneMinusP = Math.Pow(v, 1 / beta);
                return PerCustomer(1 - oneMinusP) * Math.Exp(LogPower(a - 1, 1 - oneMinusP) - logBetaFunction) / beta;
            }, 0, Math.Pow(0.5, beta))
            : Integrate(q => PerCustomer(1 - q) * Math.Exp(LogPower(a - 1, 1 - q) + LogPower(beta - 1, q) - logBetaFunction), 0, 0.5);

        return lower + upper;
    }

    private static double Integrate(Func<double, double> f, double from, double to) =>
        MathNet.Numerics.Integrate.GaussKronrod(f, from, to, out _, out _, 1e-12, 8, 31);
}
