using System.Runtime.CompilerServices;
using MathNet.Numerics;
using MathNet.Numerics.Integration;

namespace CrmEtl.Core.Modeling;

/// <summary>ln Q and its partial derivatives with respect to p, s and ln ρ.</summary>
internal readonly record struct LogTail(double Value, double DP, double DS, double DLogRho);

/// <summary>
/// The integral of the Pareto/NBD likelihood that Fader, Hardie &amp; Lee ("A Note on Deriving the Pareto/NBD Model and
/// Related Expressions", 2005, eq. 19–20) write as the A₀ term with ₂F₁(r+s+x, ·; r+s+x+1; ·) in two cases, α ≥ β and α &lt; β.
/// Given (λ, μ) the likelihood of a history is λ^x e^{−(λ+μ)T} + λ^x μ ∫_{t_x}^T e^{−(λ+μ)τ} dτ; integrating over the gammas,
/// the second part is s·α^r β^s (r)_x ∫_{t_x}^T (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ. Measured against
/// E(y) = α^r β^s (α+y)^{−(r+x)} (β+y)^{−s}, the tail of that integral from y on is (u = (τ − y)/(β + y))
/// <code>
///   Q(p, s, ρ) = s ∫₀^∞ (1 + ρu)^{−p} (1 + u)^{−(s+1)} du  ∈ (0, 1],   p = r + x,   ρ = (β + y)/(α + y),
/// </code>
/// the expectation of (1 + ρU)^{−p} under a Lomax(s) U. In closed form, after Euler's transformation
/// ₂F₁(a, b; a+1; z) = (1−z)^{1−b} ₂F₁(1, a+1−b; a+1; z):
/// <code>
///   α ≥ β (ρ ≤ 1):  Q = s/(p+s) · F(p, p+s+1, z),         z = (α−β)/(α+y) = 1 − ρ
///   α &lt; β (ρ &gt; 1):  Q = s/(p+s) · F(s+1, p+s+1, z) / ρ,   z = (β−α)/(β+y) = 1 − 1/ρ
///   F(c, d, z) = ₂F₁(1, c; d; z) = Σ_k (c)_k/(d)_k z^k
/// </code>
/// With d &gt; c every term is positive and at most z^k times the first, so the series neither cancels nor overflows, for
/// any x (the untransformed series of lifetimes grows like (1−z)^{−(r+x)} before it converges). Its derivatives in c, d and z
/// are summed in the same loop. Where z is so close to 1 that the series would need too many terms (α and β orders of
/// magnitude apart, as on the way to a boundary), Q and its derivatives are integrated numerically instead.
/// </summary>
internal static class ParetoNbdTailIntegral
{
    private const int MaximumTerms = 4000;

    private static readonly GaussLegendreRule Rule = new(0, 1, 24);

    public static LogTail Evaluate(double p, double s, double alpha, double beta, double y)
    {
        var rho = (beta + y) / (alpha + y);
        var logShare = -LogSpace.Log1p(p / s); // ln(s/(p+s))
        var shareDerivative = p / (s * (p + s)); // ∂/∂s of ln(s/(p+s))
        if (alpha >= beta)
        {
            var z = (alpha - beta) / (alpha + y);
            if (Series(p, p + s + 1, z, rho) is { } f)
            {
                return new LogTail(
                    logShare + Math.Log(f.Value),
                    (-1 / (p + s)) + ((f.DC + f.DD) / f.Value),
                    shareDerivative + (f.DD / f.Value),
                    -rho * f.DZ / f.Value);
            }
        }
        else
        {
            var inverseRho = (alpha + y) / (beta + y);
            var z = (beta - alpha) / (beta + y);
            if (Series(s + 1, p + s + 1, z, inverseRho) is { } f)
            {
                return new LogTail(
                    logShare + Math.Log(inverseRho) + Math.Log(f.Value),
                    (-1 / (p + s)) + (f.DD / f.Value),
                    shareDerivative + ((f.DC + f.DD) / f.Value),
                    -1 + (inverseRho * f.DZ / f.Value));
            }
        }

        return Quadrature(p, s, rho);
    }

    /// <summary>F(c, d, z) and its partial derivatives.</summary>
    internal readonly record struct SeriesValue(double Value, double DC, double DD, double DZ);

    /// <summary>
    /// F(c, d, z) = Σ_k t_k, t_k = Π_{j&lt;k} (c+j)/(d+j) · z^k, with ∂t_k/∂c = t_k Σ_{j&lt;k} 1/(c+j), ∂t_k/∂d = −t_k Σ 1/(d+j),
    /// ∂t_k/∂z = k t_k / z; null when it would take more than <see cref="MaximumTerms"/> terms.
    /// Since each ratio is below z, the tail after term k is at most t_k·z/(1−z), and the derivative tails at most
    /// t_k·(k + 1 + Σ1/(c+j) + Σ1/(d+j))/(1−z)²: the stopping rule bounds all four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static SeriesValue? Series(double c, double d, double z, double oneMinusZ)
    {
        if (z > 0.99 && WouldNeedTooManyTerms(c, d, z, oneMinusZ))
        {
            return null;
        }

        double sum = 1, sumC = 0, sumD = 0, sumZ = 0, harmonicC = 0, harmonicD = 0, term = 1;
        var tailScale = 1 / (oneMinusZ * oneMinusZ);
        for (var k = 1; k <= MaximumTerms; k++)
        {
            harmonicC += 1 / (c + k - 1);
            harmonicD += 1 / (d + k - 1);
            var termOverZ = term * (c + k - 1) / (d + k - 1); // t_k / z, which stays finite at z = 0
            term = termOverZ * z;
            sum += term;
            sumC += term * harmonicC;
            sumD -= term * harmonicD;
            sumZ += k * termOverZ;
            if (termOverZ * (k + 1 + harmonicC + harmonicD) * tailScale <= 1e-17 * sum)
            {
                return new SeriesValue(sum, sumC, sumD, sumZ);
            }
        }

        return null;
    }

    /// <summary>ln t_K ≈ K ln z + ln Γ(c+K)Γ(d)/(Γ(c)Γ(d+K)) for K = the term limit: still far from negligible means give up early.</summary>
    private static bool WouldNeedTooManyTerms(double c, double d, double z, double oneMinusZ)
    {
        const int k = MaximumTerms;
        var logTerm = (k * Math.Log(z)) + SpecialFunctions.GammaLn(c + k) - SpecialFunctions.GammaLn(c) + SpecialFunctions.GammaLn(d) - SpecialFunctions.GammaLn(d + k);
        return logTerm + Math.Log(k + 1) - (2 * Math.Log(oneMinusZ)) > Math.Log(1e-17);
    }

    /// <summary>
    /// Q = ∫₀¹ (1 + ρ·u(v))^{−p} dv with v = (1+u)^{−s}, u(v) = v^{−1/s} − 1, which absorbs the Lomax density; integrated
    /// over w = ln v (u = e^{−w/s} − 1, dv = e^w dw) because the integrand can change over many decades of v. The derivatives
    /// are the integrals of the derivatives (∂u/∂s at fixed w is −(1+u)·ln(1+u)/s). The w axis is cut at w = 0, −½, −1, −2, …
    /// (scales of e^w) and where ρu = 10^k and ρu = 10^k/p (where the integrand turns); each piece takes a 24-point
    /// Gauss–Legendre rule. Below w = −750, e^w is zero in double precision.
    /// </summary>
    internal static LogTail Quadrature(double p, double s, double rho)
    {
        const double lowest = -750;
        var cuts = new SortedSet<double> { lowest, 0 };
        for (var w = -0.5; w > lowest; w *= 2)
        {
            cuts.Add(w);
        }

        for (var k = -8; k <= 8; k++)
        {
            foreach (var scaled in new[] { Math.Pow(10, k), Math.Pow(10, k) / p })
            {
                var w = -s * LogSpace.Log1p(scaled / rho);
                if (w > lowest && w < 0)
                {
                    cuts.Add(w);
                }
            }
        }

        double q = 0, dp = 0, ds = 0, dLogRho = 0;
        var points = cuts.ToArray();
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var width = points[i + 1] - points[i];
            for (var n = 0; n < Rule.Order; n++)
            {
                var w = points[i] + (width * Rule.Abscissas[n]);
                var logOnePlusU = -w / s;
                var u = LogSpace.ExpM1(logOnePlusU);
                var logOnePlusRhoU = LogSpace.Log1p(rho * u);
                var g = Math.Exp(w - (p * logOnePlusRhoU)) * width * Rule.Weights[n];
                if (g == 0 || !double.IsFinite(u))
                {
                    continue;
                }

                var rhoShare = rho * u / (1 + (rho * u));
                q += g;
                dp -= g * logOnePlusRhoU;
                dLogRho -= g * p * rhoShare;
                // ∂/∂s of −p·ln(1 + ρu) = −p·ρ/(1+ρu)·∂u/∂s = p·ρ(1+u)·ln(1+u)/(s(1+ρu)).
                ds += g * p * (rho + (rho * u)) * logOnePlusU / (s * (1 + (rho * u)));
            }
        }

        return new LogTail(Math.Log(q), dp / q, ds / q, dLogRho / q);
    }
}
