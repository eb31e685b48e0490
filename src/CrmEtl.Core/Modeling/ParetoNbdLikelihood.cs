using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Pareto/NBD log-likelihood and its gradient (Schmittlein, Morrison &amp; Colombo 1987; Fader, Hardie &amp; Lee, "A Note on
/// Deriving the Pareto/NBD Model and Related Expressions", 2005, eq. 19–20). While alive a customer buys at rate
/// λ ~ Gamma(r, α) and leaves at rate μ ~ Gamma(s, β):
/// <code>
///   L = (r)_x α^r β^s · [ (α+T)^{−(r+x)} (β+T)^{−s} + s ∫_{t_x}^T (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ ]
///     = (r)_x · [ E(T) + E(t_x)·Q(t_x) − E(T)·Q(T) ]
///   ln E(y) = −r·ln(1 + y/α) − x·ln(α+y) − s·ln(1 + y/β)
/// </code>
/// with Q from <see cref="ParetoNbdTailIntegral"/> (the ₂F₁ cases α ≥ β and α &lt; β). ln E is written without the
/// r·ln α − (r+x)·ln(α+y) cancellation, as in <see cref="BgNbdLikelihood"/>. Since E·Q decreases in y and Q ≤ 1, the sum in
/// brackets is at least E(T) and at least half its largest term, so it is evaluated without loss (log-sum-exp with one
/// negative term). Q depends on (x, y) only, so it is computed once per distinct (frequency, time) pair per evaluation, not
/// per history. Gradient with respect to θ = ln(r, α, s, β).
/// </summary>
internal sealed class ParetoNbdLikelihood : ILogLikelihood
{
    private readonly HistoryTable table;

    /// <summary>Distinct (frequency index, time index) pairs at which Q is needed: each history's (x, t_x) and (x, T).</summary>
    private readonly int[] pairFrequency;

    private readonly int[] pairTime;

    private readonly int[] recencyPair;

    private readonly int[] agePair;

    public ParetoNbdLikelihood(HistoryTable table)
    {
        this.table = table;
        var pairs = new Dictionary<long, int>();
        var frequencyOfPair = new List<int>();
        var timeOfPair = new List<int>();
        int PairOf(int frequencyIndex, int timeIndex)
        {
            var key = ((long)frequencyIndex * table.DistinctTimes.Length) + timeIndex;
            if (!pairs.TryGetValue(key, out var pair))
            {
                pair = pairs.Count;
                pairs.Add(key, pair);
                frequencyOfPair.Add(frequencyIndex);
                timeOfPair.Add(timeIndex);
            }

            return pair;
        }

        recencyPair = new int[table.Count];
        agePair = new int[table.Count];
        for (var g = 0; g < table.Count; g++)
        {
            recencyPair[g] = PairOf(table.FrequencyIndex[g], table.RecencyIndex[g]);
            agePair[g] = PairOf(table.FrequencyIndex[g], table.AgeIndex[g]);
        }

        pairFrequency = [.. frequencyOfPair];
        pairTime = [.. timeOfPair];
    }

    public CltvModel Model => CltvModel.ParetoNbd;

    public IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "s", "beta"];

    public double TotalWeight => table.TotalWeight;

    public int Groups => table.Count;

    public double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        double r = Math.Exp(logParameters[0]), alpha = Math.Exp(logParameters[1]);
        double s = Math.Exp(logParameters[2]), beta = Math.Exp(logParameters[3]);

        var frequencies = table.DistinctFrequencies;
        var nx = frequencies.Length;
        double[] logRiseR = new double[nx], digammaR = new double[nx];
        RisingFactorial.Fill(r, frequencies, logRiseR, digammaR);

        var times = table.DistinctTimes;
        var alphaTerms = new TimeTerms(times, alpha);
        var betaTerms = new TimeTerms(times, beta);

        // ln(E·Q) and its gradient at each pair.
        var pairs = pairTime.Length;
        var logEq = new double[pairs];
        var logEqGradient = new double[4 * pairs];
        Parallel.For(0, (pairs + 1023) / 1024, chunk =>
        {
            Span<double> e = stackalloc double[4];
            for (var k = chunk * 1024; k < Math.Min(pairs, (chunk + 1) * 1024); k++)
            {
                var x = (double)frequencies[pairFrequency[k]];
                var ti = pairTime[k];
                var tail = ParetoNbdTailIntegral.Evaluate(r + x, s, alpha, beta, times[ti]);
                logEq[k] = LogE(alphaTerms, betaTerms, ti, r, x, s, e) + tail.Value;
                logEqGradient[4 * k] = e[0] + (r * tail.DP);
                logEqGradient[(4 * k) + 1] = e[1] - (tail.DLogRho * (1 - alphaTerms.Share[ti]));
                logEqGradient[(4 * k) + 2] = e[2] + (s * tail.DS);
                logEqGradient[(4 * k) + 3] = e[3] + (tail.DLogRho * (1 - betaTerms.Share[ti]));
            }
        });

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Sum(int start, int end, Span<double> total)
        {
            Span<double> e = stackalloc double[4];
            for (var g = start; g < end; g++)
            {
                var w = table.Weight[g];
                var x = table.Frequency[g];
                var xi = table.FrequencyIndex[g];
                var logE = LogE(alphaTerms, betaTerms, table.AgeIndex[g], r, x, s, e);
                var logSum = logE;
                double shareE = 1, shareRecency = 0, shareAge = 0;
                if (table.RecencyIndex[g] != table.AgeIndex[g])
                {
                    var (recency, age) = (recencyPair[g], agePair[g]);
                    var top = Math.Max(logE, logEq[recency]);
                    var termE = Math.Exp(logE - top);
                    var termRecency = Math.Exp(logEq[recency] - top);
                    var termAge = Math.Exp(logEq[age] - top);
                    var inBrackets = termE + (termRecency - termAge);
                    logSum = top + Math.Log(inBrackets);
                    (shareE, shareRecency, shareAge) = (termE / inBrackets, termRecency / inBrackets, termAge / inBrackets);
                }

                total[0] += w * (logRiseR[xi] + logSum);
                for (var j = 0; j < 4; j++)
                {
                    var dj = shareE * e[j];
                    if (shareRecency != 0 || shareAge != 0)
                    {
                        dj += (shareRecency * logEqGradient[(4 * recencyPair[g]) + j]) - (shareAge * logEqGradient[(4 * agePair[g]) + j]);
                    }

                    total[j + 1] += w * dj;
                }

                total[1] += w * r * digammaR[xi];
            }
        }

        return ChunkedSum.Run(table.Count, gradient, Sum);
    }

    /// <summary>ln E(y) = −r·ln(1 + y/α) − x·ln(α+y) − s·ln(1 + y/β), and its gradient in ln(r, α, s, β).</summary>
    private static double LogE(TimeTerms alphaTerms, TimeTerms betaTerms, int ti, double r, double x, double s, Span<double> gradient)
    {
        gradient[0] = -r * alphaTerms.LogRatio[ti];
        gradient[1] = alphaTerms.AlphaDerivative(ti, r, x);
        gradient[2] = -s * betaTerms.LogRatio[ti];
        gradient[3] = s * betaTerms.Share[ti];
        return gradient[0] - (x * alphaTerms.LogTime[ti]) + gradient[2];
    }

    /// <summary>
    /// r = 1 and α matching the observed repeat-purchase rate, as for BG/NBD; s = 1 and β = the mean customer age, i.e. a
    /// mean lifetime of the order of the observation period.
    /// </summary>
    public double[] StartingLogParameters()
    {
        var bgnbd = new BgNbdLikelihood(table).StartingLogParameters();
        double age = 0;
        for (var g = 0; g < table.Count; g++)
        {
            age += table.Weight[g] * table.DistinctTimes[table.AgeIndex[g]];
        }

        var meanAge = age / table.TotalWeight;
        return [0, bgnbd[1], 0, Math.Log(meanAge > 0 && double.IsFinite(meanAge) ? meanAge : 1)];
    }
}
