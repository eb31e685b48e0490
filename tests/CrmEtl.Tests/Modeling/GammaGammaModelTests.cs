using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class GammaGammaModelTests
{
    private static IReadOnlyList<SpendHistory> CdnowRepeatCustomers() =>
        [.. CdnowSample.Customers.Where(c => c.History.Frequency > 0).Select(c => new SpendHistory(c.History.Frequency, c.Monetary))];

    [Fact]
    public void Fit_on_cdnow_reproduces_published_estimates()
    {
        var fitted = GammaGammaModel.Fit(CdnowRepeatCustomers());
        var fit = fitted.Fit;
        Console.WriteLine(string.Join(" ", fit.Parameters.Select(p => $"{p.Name}={p.Value:R} se={p.StandardError:R}")) + $" ll={fit.LogLikelihood:R} g={fit.GradientNorm} it={fit.Iterations} {fit.Optimiser} corr={fitted.FrequencySpendCorrelation}");

        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(946, fit.Customers);
        Assert.Equal(6.25, fit.Value("p"), 2);
        Assert.Equal(3.74, fit.Value("q"), 2);
        Assert.Equal(15.44, fit.Value("gamma"), 2);
    }
}
