using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// MBG/NBD log-likelihood and gradient (Batislam, Denizel &amp; Filiztekin 2007, "Empirical validation and comparison of
/// models for customer base analysis", eq. 5; as in lifetimes' ModifiedBetaGeoFitter). As BG/NBD, except that a customer
/// may also drop out right after the first purchase, so even one-time buyers can be inactive:
/// <code>
///   L = B(a, b+x+1)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x))
///   ln L = A1 + A2 + ln(e^A3 + e^A4),   A1 = ln (r)_x,   A2 = ln (b)_(x+1) − ln (a+b)_(x+1),
///   A3 = −r·ln(1 + T/α) − x·ln(α+T),   A4 = ln a − ln(b+x) − r·ln(1 + t_x/α) − x·ln(α+t_x)
/// </code>
/// using B(a+1, b+x)/B(a, b+x+1) = a/(b+x) and the same cancellation-free rearrangement as <see cref="BgNbdLikelihood"/>.
/// Gradient with respect to θ = ln(r, α, a, b).
/// </summary>
internal sealed class MbgNbdLikelihood(HistoryTable table) : ILogLikelihood
{
    public CltvModel Model => CltvModel.MbgNbd;

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
        var frequenciesPlusOne = frequencies.Select(x => x + 1).ToArray();
        double[] logRiseR = new double[nx], digammaR = new double[nx];
        double[] logRiseB = new double[nx], digammaB = new double[nx];
        double[] logRiseAb = new double[nx], digammaAb = new double[nx];
        RisingFactorial.Fill(r, frequencies, logRiseR, digammaR);
        RisingFactorial.Fill(b, frequenciesPlusOne, logRiseB, digammaB);
        RisingFactorial.Fill(a + b, frequenciesPlusOne, logRiseAb, digammaAb);
        double[] logBx = new double[nx], inverseBx = new double[nx];
        for (var i = 0; i < nx; i++)
        {
            logBx[i] = Math.Log(b + frequencies[i]);
            inverseBx[i] = 1 / (b + frequencies[i]);
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
                var ri = table.RecencyIndex[g];
                var a3 = -(r * times.LogRatio[ti]) - (x * times.LogTime[ti]);
                var a4 = logA - logBx[xi] - (r * times.LogRatio[ri]) - (x * times.LogTime[ri]);
                var (logSum, w3, w4) = LogSpace.LogSumExpWithShares(a3, a4);
                ll += w * (logRiseR[xi] + logRiseB[xi] - logRiseAb[xi] + logSum);
                dr += w * (digammaR[xi] - (w3 * times.LogRatio[ti]) - (w4 * times.LogRatio[ri]));
                dAlpha += w * ((w3 * times.AlphaDerivative(ti, r, x)) + (w4 * times.AlphaDerivative(ri, r, x)));
                da += w * ((w4 / a) - digammaAb[xi]);
                db += w * (digammaB[xi] - digammaAb[xi] - (w4 * inverseBx[xi]));
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

    /// <summary>The same data-scaled start as BG/NBD.</summary>
    public double[] StartingLogParameters() => new BgNbdLikelihood(table).StartingLogParameters();
}
