namespace CrmEtl.Core.Modeling;

/// <summary>
/// BG/NBD log-likelihood and its gradient (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way", eq. 6):
/// <code>
///   L(r, α, a, b | x, t_x, T) = B(a, b+x)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
///                             + δ_{x&gt;0} · B(a+1, b+x−1)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x))
/// </code>
/// In logs, as lifetimes arranges it: ln L = A1 + A2 + ln(e^A3 + δ_{x&gt;0} e^A4) with
/// <code>
///   A1 = ln (r)_x + r·ln α          A2 = ln (b)_x − ln (a+b)_x
///   A3 = −(r+x)·ln(α+T)             A4 = ln a − ln(b+x−1) − (r+x)·ln(α+t_x)
/// </code>
/// using Γ(r+x)/Γ(r) = (r)_x and B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1). The gradient is taken with respect to
/// θ = ln(r, α, a, b), so ∂/∂θ = p·∂/∂p; ∂ ln (y)_x/∂y = ψ(y+x) − ψ(y).
/// </summary>
internal sealed class BgNbdLikelihood(HistoryTable table) : ILogLikelihood
{
    public string Model => "bgnbd";

    public IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "a", "b"];

    public double TotalWeight => table.TotalWeight;

    public int Groups => table.Count;

    public double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        double r = Math.Exp(logParameters[0]), alpha = Math.Exp(logParameters[1]);
        double a = Math.Exp(logParameters[2]), b = Math.Exp(logParameters[3]);
        double logAlpha = logParameters[1], logA = logParameters[2];

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

        var times = table.DistinctTimes;
        double[] logTime = new double[times.Length], inverseTime = new double[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            logTime[i] = Math.Log(alpha + times[i]);
            inverseTime[i] = 1 / (alpha + times[i]);
        }

        void Sum(int start, int end, Span<double> total)
        {
            double ll = 0, dr = 0, dAlpha = 0, da = 0, db = 0;
            for (var g = start; g < end; g++)
            {
                var w = table.Weight[g];
                var x = table.Frequency[g];
                var xi = table.FrequencyIndex[g];
                var ti = table.AgeIndex[g];
                var rx = r + x;
                var a12 = logRiseR[xi] + (r * logAlpha) + logRiseB[xi] - logRiseAb[xi];
                var a3 = -rx * logTime[ti];
                double gr = digammaR[xi] + logAlpha, gAlpha = r / alpha, ga = -digammaAb[xi], gb = digammaB[xi] - digammaAb[xi];
                if (x == 0)
                {
                    ll += w * (a12 + a3);
                    gr -= logTime[ti];
                    gAlpha -= rx * inverseTime[ti];
                }
                else
                {
                    var ri = table.RecencyIndex[g];
                    var a4 = logA - logBxm1[xi] - (rx * logTime[ri]);
                    // ln(e^A3 + e^A4) and the shares w3, w4 of the two terms, without overflow.
                    double logSum, w3, w4;
                    if (a3 >= a4)
                    {
                        var e = Math.Exp(a4 - a3);
                        logSum = a3 + Math.Log(1 + e);
                        w3 = 1 / (1 + e);
                        w4 = e / (1 + e);
                    }
                    else
                    {
                        var e = Math.Exp(a3 - a4);
                        logSum = a4 + Math.Log(1 + e);
                        w3 = e / (1 + e);
                        w4 = 1 / (1 + e);
                    }

                    ll += w * (a12 + logSum);
                    gr -= (w3 * logTime[ti]) + (w4 * logTime[ri]);
                    gAlpha -= rx * ((w3 * inverseTime[ti]) + (w4 * inverseTime[ri]));
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
        gradient[1] *= alpha;
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
