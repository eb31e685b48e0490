using CrmEtl.Core;
using CrmEtl.Core.Modeling;
using MathNet.Numerics.Distributions;

namespace CrmEtl.Tests.Modeling;

public class GammaGammaModelTests
{
    private static IReadOnlyList<SpendHistory> CdnowRepeatCustomers() =>
        [.. CdnowSample.Customers.Where(c => c.History.Frequency > 0).Select(c => new SpendHistory(c.History.Frequency, c.Monetary))];

    [Fact]
    public void Fit_on_cdnow_reproduces_published_estimates()
    {
        // Fader, Hardie & Lee (2005), "RFM and CLV": p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat customers.
        var fit = GammaGammaModel.Fit(CdnowRepeatCustomers()).Fit;

        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(946, fit.Customers);
        Assert.Equal(6.25, fit.Value("p"), 0.005);
        Assert.Equal(3.74, fit.Value("q"), 0.005);
        Assert.Equal(15.44, fit.Value("gamma"), 0.005);
        Assert.All(fit.Parameters, p => Assert.True(p.StandardError > 0));
    }

    [Fact]
    public void Frequency_spend_correlation_on_cdnow_matches_lifetimes()
    {
        // lifetimes documentation: corr(monetary_value, frequency) of the returning customers = 0.1139 (4 decimals).
        var fitted = GammaGammaModel.Fit(CdnowRepeatCustomers());

        Assert.Equal(0.1139, fitted.FrequencySpendCorrelation!.Value, 0.00005);
    }

    [Fact]
    public void Expected_average_value_shrinks_own_mean_towards_population_mean()
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);
        var population = model.PopulationMeanSpend!.Value;

        Assert.Equal(6.25 * 15.44 / 2.74, population, 1e-12);
        Assert.Equal(population, model.ConditionalExpectedAverageValue(0, 0));
        var few = model.ConditionalExpectedAverageValue(1, 100)!.Value;
        var many = model.ConditionalExpectedAverageValue(50, 100)!.Value;
        Assert.InRange(few, population, many);
        Assert.InRange(many, few, 100);
    }

    [Fact]
    public void Fit_with_heavy_tailed_spend_is_reported_as_infinite_mean()
    {
        // Customers' mean spend p/ν with ν ~ Gamma(q = 0.7, γ): no finite population mean. lifetimes turns this into
        // negative values (γp/(q − 1) < 0); here the model says it has none.
        var random = new Random(11);
        var customers = Enumerable.Range(0, 3000).Select(_ =>
        {
            var nu = Gamma.Sample(random, 0.7, 0.1);
            var x = 1 + random.Next(6);
            var mean = Enumerable.Range(0, x).Average(_ => Gamma.Sample(random, 4, nu));
            return new SpendHistory(x, mean);
        }).ToList();

        var model = GammaGammaModel.Fit(customers).Model;

        Assert.False(model.HasFiniteMeanSpend);
        Assert.InRange(model.Q, 0.6, 0.8);
        Assert.Null(model.PopulationMeanSpend);
        Assert.Null(model.ConditionalExpectedAverageValue(0, 0));
        Assert.Null(model.ConditionalExpectedAverageValue(3, 20));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-12.5)]
    [InlineData(double.NaN)]
    public void Non_positive_spend_is_not_accepted(double monetary)
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);

        Assert.Throws<ArgumentException>(() => model.ConditionalExpectedAverageValue(2, monetary));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new SpendHistory(2, 10), new SpendHistory(1, monetary)]));
    }

    [Fact]
    public void Fit_without_customers_throws_a_clear_diagnostic()
    {
        var error = Assert.Throws<CrmEtlException>(() => GammaGammaModel.Fit([]));

        Assert.Contains("no customer has a repeat purchase with a positive spend", error.Message, StringComparison.Ordinal);
    }
}
