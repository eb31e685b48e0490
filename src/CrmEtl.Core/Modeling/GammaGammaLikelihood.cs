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
    private readonly double[] weight;
    private readonly double[] frequency;
    private readonly double[] monetary;
    private readonly double[] logMonetary;
    private readonly int[] frequencyIndex;
    private readonly int[] distinctFrequencies;

    public GammaGammaLikelihood(IReadOnlyList<SpendHistory> customers)
    {
        var indexOf = new Dictionary<SpendHistory, int>();
        var weights = new List<double>();
        var rows = new List<SpendHistory>();
        foreach (var customer in customers)
        {
            if (customer.Problem() is { } problem)
            {
                throw new ArgumentException($"Spend (x = {customer.Frequency}, m = {customer.Monetary}): {problem}.", nameof(customers));
            }

            if (!indexOf.TryGetValue(customer, out var group))
            {
                group = rows.Count;
                indexOf.Add(customer, group);
                rows.Add(customer);
                weights.Add(0);
            }

            weights[group]++;
        }

        // Sorted, so that the sums do not depend on the order the customers come in (see HistoryGroups).
        var order = Enumerable.Range(0, rows.Count).OrderBy(g => rows[g].Frequency).ThenBy(g => rows[g].Monetary).ToArray();
        rows = [.. order.Select(g => rows[g])];
        weights = [.. order.Select(g => weights[g])];
        weight = [.. weights];
        frequency = [.. rows.Select(r => r.Frequency)];
        monetary = [.. rows.Select(r => r.Monetary)];
        logMonetary = [.. monetary.Select(m => Math.Log(m))];
        distinctFrequencies = [.. frequency.Select(x => (int)x).Distinct().Order()];
        frequencyIndex = [.. frequency.Select(x => Array.BinarySearch(distinctFrequencies, (int)x))];
        TotalWeight = weight.Sum();
    }

    public CltvModel Model => CltvModel.GammaGamma;

    public IReadOnlyList<string> ParameterNames { get; } = ["p", "q", "gamma"];

    public double TotalWeight { get; }

    public int Groups => weight.Length;

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
        double spend = 0;
        for (var g = 0; g < Groups; g++)
        {
            spend += weight[g] * monetary[g];
        }

        return [0, Math.Log(2), Math.Log(spend / TotalWeight)];
    }
}
