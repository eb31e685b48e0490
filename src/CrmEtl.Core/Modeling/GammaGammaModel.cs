using System.Globalization;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// The Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV: using iso-value curves"):
/// each spend ~ Gamma(p, ν), ν ~ Gamma(q, γ) across customers. The population mean spend pγ/(q−1) exists only for q &gt; 1;
/// a fit with q ≤ 1 is reported as infinite-mean and gives no values rather than negative or infinite ones.
/// The model assumes spend is independent of purchase frequency; <see cref="FittedSpendModel.FrequencySpendCorrelation"/> lets that be checked.
/// </summary>
public sealed record GammaGammaModel
{
    public GammaGammaModel(double p, double q, double gamma)
    {
        P = ModelGuards.RequirePositive(p, nameof(p));
        Q = ModelGuards.RequirePositive(q, nameof(q));
        Gamma = ModelGuards.RequirePositive(gamma, nameof(gamma));
    }

    public double P { get; }

    public double Q { get; }

    public double Gamma { get; }

    /// <summary>False when q ≤ 1: the fitted spend distribution has no finite mean.</summary>
    public bool HasFiniteMeanSpend => Q > 1;

    /// <summary>E(M) = pγ/(q−1) for a randomly chosen customer; null when q ≤ 1.</summary>
    public double? PopulationMeanSpend => HasFiniteMeanSpend ? P * Gamma / (Q - 1) : null;

    /// <summary>
    /// E(M | p, q, γ, m̄_x, x) = p(γ + m̄_x·x)/(px + q − 1) — a weighted mean of the population mean and the customer's own
    /// mean spend (Fader, Hardie &amp; Lee 2005, "RFM and CLV", eq. for E(M | …); lifetimes' conditional_expected_average_profit).
    /// A customer without repeat purchases (x = 0) gets the population mean. Null when q ≤ 1.
    /// </summary>
    public double? ConditionalExpectedAverageValue(double frequency, double monetary)
    {
        if (frequency == 0)
        {
            return PopulationMeanSpend;
        }

        if (new SpendHistory(frequency, monetary).Problem() is { } problem)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x = {frequency}, m = {monetary}: {problem}."), nameof(monetary));
        }

        return HasFiniteMeanSpend ? P * (Gamma + (monetary * frequency)) / ((P * frequency) + Q - 1) : null;
    }

    /// <summary>Fits by maximum likelihood on repeat customers (x ≥ 1, mean spend &gt; 0); identical rows are weighted.</summary>
    public static FittedSpendModel Fit(IReadOnlyList<SpendHistory> customers, double penalizer = 0) =>
        Fit(SpendGroups.Build(customers), penalizer);

    /// <summary>Fits by maximum likelihood on repeat customers' grouped spend.</summary>
    public static FittedSpendModel Fit(SpendGroups customers, double penalizer = 0)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (customers.Count == 0)
        {
            throw new CrmEtlException("The Gamma-Gamma model cannot be fitted: no customer has a repeat purchase with a positive spend.");
        }

        var fit = MaximumLikelihood.Fit(new GammaGammaLikelihood(customers), penalizer);
        var model = new GammaGammaModel(fit.Value("p"), fit.Value("q"), fit.Value("gamma"));
        return new FittedSpendModel(model, fit, Correlation(customers));
    }

    /// <summary>
    /// Pearson correlation of frequency and mean spend over the customers (each group counted as often as it has
    /// customers); null when either does not vary. The sums run over the groups' sorted order, customer by customer,
    /// so that the result does not depend on the order cltv_summary's rows come in, to the last bit (a rerun on the
    /// same data gives the same table).
    /// </summary>
    private static double? Correlation(SpendGroups groups)
    {
        ReadOnlySpan<double> frequency = groups.Frequency, monetary = groups.Monetary, weight = groups.Weight;
        double sumX = 0, sumM = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            for (var k = 0; k < weight[g]; k++)
            {
                sumX += frequency[g];
                sumM += monetary[g];
            }
        }

        double meanX = sumX / groups.Customers, meanM = sumM / groups.Customers;
        double sxy = 0, sxx = 0, syy = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            for (var k = 0; k < weight[g]; k++)
            {
                sxy += (frequency[g] - meanX) * (monetary[g] - meanM);
                sxx += (frequency[g] - meanX) * (frequency[g] - meanX);
                syy += (monetary[g] - meanM) * (monetary[g] - meanM);
            }
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : null;
    }
}

/// <summary>A Gamma-Gamma model with the record of its fit and the frequency–spend correlation the model assumes to be 0.</summary>
public sealed record FittedSpendModel(GammaGammaModel Model, ModelFit Fit, double? FrequencySpendCorrelation);
