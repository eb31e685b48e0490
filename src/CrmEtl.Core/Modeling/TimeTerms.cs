using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// The terms of the BG/NBD-family likelihoods that depend on α and a time v (T or t_x), once per distinct time:
/// ln(1 + v/α), ln(α + v) and v/(α + v).
/// </summary>
internal sealed class TimeTerms
{
    public TimeTerms(double[] times, double alpha)
    {
        var count = times.Length;
        LogRatio = new double[count];
        LogTime = new double[count];
        Share = new double[count];
        var logAlpha = Math.Log(alpha);
        var logRatio = LogRatio;
        var logTime = LogTime;
        var share = Share;

        // ln(α + v) = ln α + ln(1 + v/α): one logarithm per time, and no cancellation in the ratio term.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Fill(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                logRatio[i] = LogSpace.Log1p(times[i] / alpha);
                logTime[i] = logAlpha + logRatio[i];
                share[i] = times[i] / (alpha + times[i]);
            }
        }

        const int chunk = 65_536;
        if (count <= chunk)
        {
            Fill(0, count);
        }
        else
        {
            Parallel.For(0, (count + chunk - 1) / chunk, c => Fill(c * chunk, Math.Min(count, (c + 1) * chunk)));
        }
    }

    /// <summary>ln(1 + v/α).</summary>
    public double[] LogRatio { get; }

    /// <summary>ln(α + v).</summary>
    public double[] LogTime { get; }

    /// <summary>v/(α + v).</summary>
    public double[] Share { get; }

    /// <summary>α·∂/∂α of −r·ln(1 + v/α) − x·ln(α + v) = r·v/(α+v) − x·α/(α+v).</summary>
    public double AlphaDerivative(int i, double r, double x) => (r * Share[i]) - (x * (1 - Share[i]));
}
