using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// BG/NBD log-likelihood and its gradient (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way", eq. 6):
/// <code>
///   L(r, α, a, b | x, t_x, T) = B(a, b+x)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
///                             + δ_{x&gt;0} · B(a+1, b+x−1)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x))
/// </code>
/// In logs: ln L = A1 + A2 + ln(e^A3 + δ_{x&gt;0} e^A4) with
/// <code>
///   A1 = ln (r)_x                    A2 = ln (b)_x − ln (a+b)_x
///   A3 = −r·ln(1 + T/α) − x·ln(α+T)  A4 = ln a − ln(b+x−1) − r·ln(1 + t_x/α) − x·ln(α+t_x)
/// </code>
/// using Γ(r+x)/Γ(r) = (r)_x, B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1), and r·ln α − (r+x)·ln(α+v) = −r·ln(1 + v/α) − x·ln(α+v).
/// lifetimes keeps r·ln α and (r+x)·ln(α+T) apart; when r and α grow together (nearly equal purchase rates) those two
/// cancel and the likelihood turns into rounding noise that no optimiser can climb. The gradient is taken with respect to
/// θ = ln(r, α, a, b), so ∂/∂θ = p·∂/∂p; ∂ ln (y)_x/∂y = ψ(y+x) − ψ(y); α·∂A3/∂α = r·T/(α+T) − x·α/(α+T).
/// </summary>
internal sealed class BgNbdLikelihood(HistoryTable table) : ILogLikelihood
{
    public CltvModel Model => CltvModel.BgNbd;

    public IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "a", "b"];

    public double TotalWeight => table.TotalWeight;

    public int Groups => table.Count;

    public double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        double r = Math.Exp(logParameters[0]), alpha = Math.Exp(logParameters[1]);
        double a = Math.Exp(logParameters[2]), b = Math.Exp(logParameters[3]);
        var logA = logParameters[2];

        var frequencies = table.DistinctFrequencies;
        var nx = frequencies.Length;
        double[] logRiseR = new double[nx], digammaR = new double[nx];
        double[] logRiseB = new double[nx], digammaB = new double[nx];
        double[] logRiseAb = new double[nx], digammaAb = new double[nx];
        RisingFactorial.Fill(r, frequencies, logRiseR, digammaR);
        RisingFactorial.Fill(b, frequencies, logRiseB, digammaB);
        RisingFactorial.Fill(a + b, frequencies, logRiseAb, digammaAb);
        double[] logBxm1 = new double[nx], inverseBxm1 = new double[nx];
        for (var i = 0; i < nx; i++)
        {
            if (frequencies[i] > 0)
            {
                logBxm1[i] = Math.Log(b + frequencies[i] - 1);
                inverseBxm1[i] = 1 / (b + frequencies[i] - 1);
            }
        }

        var times = new TimeTerms(table.DistinctTimes, alpha);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Sum(int start, int end, Span<double> total)
        {
            double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
            for (var g = start; g < end; g++)
            {
                var w = table.Weight[g];
                var x = table.Frequency[g];
                var xi = table.FrequencyIndex[g];
                var ti = table.AgeIndex[g];
                var a12 = logRiseR[xi] + logRiseB[xi] - logRiseAb[xi];
                var a3 = -(r * times.LogRatio[ti]) - (x * times.LogTime[ti]);
                var alphaA3 = times.AlphaDerivative(ti, r, x);
                double gr = digammaR[xi], gAlpha, ga = -digammaAb[xi], gb = digammaB[xi] - digammaAb[xi];
                if (x == 0)
                {
                    ll += w * (a12 + a3);
                    gr -= times.LogRatio[ti];
                    gAlpha = alphaA3;
                }
                else
                {
                    var ri = table.RecencyIndex[g];
                    var a4 = logA - logBxm1[xi] - (r * times.LogRatio[ri]) - (x * times.LogTime[ri]);
                    var (logSum, w3, w4) = LogSpace.LogSumExpWithShares(a3, a4);
                    ll += w * (a12 + logSum);
                    gr -= (w3 * times.LogRatio[ti]) + (w4 * times.LogRatio[ri]);
                    gAlpha = (w3 * alphaA3) + (w4 * times.AlphaDerivative(ri, r, x));
                    ga += w4 / a;
                    gb -= w4 * inverseBxm1[xi];
                }

                dr += w * gr;
                dAlpha += w * gAlpha;
                da += w * ga;
                db += w * gb;
            }

            total[0] = ll;
            total[1] = dr;
            total[2] = dAlpha;
            total[3] = da;
            total[4] = db;
        }

        var value = ChunkedSum.Run(table.Count, gradient, Sum);
        gradient[0] *= r;
        gradient[2] *= a;
        gradient[3] *= b;
        return value;
    }

    /// <summary>
    /// r = 1 and α matching the observed repeat-purchase rate Σx/ΣT in the data's own time unit, a = 1, b = 3
    /// (a mean dropout probability of ¼). lifetimes starts at all ones whatever the unit, which is far off for daily data.
    /// </summary>
    public double[] StartingLogParameters()
    {
        double purchases = 0, exposure = 0;
        for (var g = 0; g < table.Count; g++)
        {
            purchases += table.Weight[g] * table.Frequency[g];
            exposure += table.Weight[g] * table.DistinctTimes[table.AgeIndex[g]];
        }

        var rate = purchases / exposure;
        var alpha = rate > 0 && double.IsFinite(rate) ? 1 / rate : 1;
        return [0, Math.Log(alpha), 0, Math.Log(3)];
    }
}
