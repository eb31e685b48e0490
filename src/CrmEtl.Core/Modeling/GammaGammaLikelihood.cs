using MathNet.Numerics;
using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Gamma-Gamma log-likelihood and gradient (Fader, Hardie &amp; Lee 2005, "RFM and CLV: using iso-value curves for customer
/// base analysis", §4 and appendix; Fader &amp; Hardie 2013, "The Gamma-Gamma model of monetary value"). Each spend z ~
/// Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; the mean m of x spends has density
/// <code>
///   f(m | p, q, γ; x) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m·x)^(px+q)
/// </code>
/// Written with u = m·x/γ so that no large logs are subtracted:
/// <code>
///   ln f = ln Γ(px+q) − ln Γ(px) − ln Γ(q) − q·ln(1+u) − px·ln(1+1/u) − ln m
///   ∂/∂p = x·[ψ(px+q) − ψ(px) − ln(1+1/u)]   ∂/∂q = ψ(px+q) − ψ(q) − ln(1+u)   γ·∂/∂γ = q − (px+q)/(1+u)
/// </code>
/// The gradient is taken with respect to θ = ln(p, q, γ).
/// </summary>
internal sealed class GammaGammaLikelihood : ILogLikelihood
{
    private readonly SpendGroups groups;
    private readonly double[] logMonetary;
    private readonly int[] frequencyIndex;
    private readonly int[] distinctFrequencies;

    public GammaGammaLikelihood(IReadOnlyList<SpendHistory> customers)
        : this(SpendGroups.Build(customers))
    {
    }

    public GammaGammaLikelihood(SpendGroups groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        this.groups = groups;
        logMonetary = new double[groups.Count];
        frequencyIndex = new int[groups.Count];
        var frequencies = new SortedSet<int>();
        foreach (var x in groups.Frequency)
        {
            frequencies.Add((int)x);
        }

        distinctFrequencies = [.. frequencies];
        for (var g = 0; g < groups.Count; g++)
        {
            logMonetary[g] = Math.Log(groups.Monetary[g]);
            frequencyIndex[g] = Array.BinarySearch(distinctFrequencies, (int)groups.Frequency[g]);
        }

        TotalWeight = groups.Customers;
    }

    public CltvModel Model => CltvModel.GammaGamma;

    public IReadOnlyList<string> ParameterNames { get; } = ["p", "q", "gamma"];

    public double TotalWeight { get; }

    public int Groups => groups.Count;

    public double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        double p = Math.Exp(logParameters[0]), q = Math.Exp(logParameters[1]), gamma = Math.Exp(logParameters[2]);
        var nx = distinctFrequencies.Length;
        double[] logGammaRatio = new double[nx], digammaPxq = new double[nx], digammaPx = new double[nx];
        for (var i = 0; i < nx; i++)
        {
            var px = p * distinctFrequencies[i];
            logGammaRatio[i] = SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px);
            digammaPxq[i] = SpecialFunctions.DiGamma(px + q);
            digammaPx[i] = SpecialFunctions.DiGamma(px);
        }

        var logGammaQ = SpecialFunctions.GammaLn(q);
        var digammaQ = SpecialFunctions.DiGamma(q);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Sum(int start, int end, Span<double> total)
        {
            ReadOnlySpan<double> weight = groups.Weight, frequency = groups.Frequency, monetary = groups.Monetary;
            double ll = 0, dp = 0, dq = 0, dGamma = 0;
            for (var g = start; g < end; g++)
            {
                var w = weight[g];
                var x = frequency[g];
                var xi = frequencyIndex[g];
                var px = p * x;
                var u = monetary[g] * x / gamma;
                var log1pU = LogSpace.Log1p(u);
                var log1pInverseU = LogSpace.Log1p(1 / u);
                ll += w * (logGammaRatio[xi] - logGammaQ - (q * log1pU) - (px * log1pInverseU) - logMonetary[g]);
                dp += w * x * (digammaPxq[xi] - digammaPx[xi] - log1pInverseU);
                dq += w * (digammaPxq[xi] - digammaQ - log1pU);
                dGamma += w * (q - ((px + q) / (1 + u)));
            }

            total[0] = ll;
            total[1] = dp;
            total[2] = dq;
            total[3] = dGamma;
        }

        var value = ChunkedSum.Run(Groups, gradient, Sum);
        gradient[0] *= p;
        gradient[1] *= q;
        return value;
    }

    /// <summary>p = 1, q = 2 and γ chosen so that the implied mean spend pγ/(q−1) equals the observed mean: the scale of
    /// γ follows the currency of the data instead of starting at 1.</summary>
    public double[] StartingLogParameters()
    {
        ReadOnlySpan<double> weight = groups.Weight, monetary = groups.Monetary;
        double spend = 0;
        for (var g = 0; g < Groups; g++)
        {
            spend += weight[g] * monetary[g];
        }

        return [0, Math.Log(2), Math.Log(spend / TotalWeight)];
    }
}
