namespace CrmEtl.Core.Modeling;

/// <summary>
/// The terms of the BG/NBD-family likelihoods that depend on α and a time v (T or t_x), once per distinct time:
/// ln(1 + v/α), ln(α + v) and v/(α + v).
/// </summary>
internal sealed class TimeTerms
{
    public TimeTerms(double[] times, double alpha)
    {
        LogRatio = new double[times.Length];
        LogTime = new double[times.Length];
        Share = new double[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            LogRatio[i] = LogSpace.Log1p(times[i] / alpha);
            LogTime[i] = Math.Log(alpha + times[i]);
            Share[i] = times[i] / (alpha + times[i]);
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
