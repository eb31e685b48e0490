using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class ParetoNbdModelTests
{
    /// <summary>
    /// Published Pareto/NBD estimates on the CDNOW sample, weeks (Fader, Hardie &amp; Lee, "Implementing the Pareto/NBD
    /// model given interval-censored data", and the Excel note: r 0.5534, α 10.5802, s 0.6061, β 11.6689, LL −9594.98).
    /// </summary>
    private static readonly double[] Published = [0.5534, 10.5802, 0.6061, 11.6689];

    [Fact]
    public void Fit_on_cdnow_reproduces_published_estimates()
    {
        var fit = ParetoNbdModel.Fit(CdnowSample.Histories).Fit;

        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.True(fit.GradientNorm < 1e-8);
        Assert.True(fit.LogLikelihood >= -9594.98 - 0.01, $"log-likelihood {fit.LogLikelihood}");
        Assert.Equal(0.5534, fit.Value("r"), 0.001);
        Assert.Equal(10.5802, fit.Value("alpha"), 0.01);
        Assert.Equal(0.6061, fit.Value("s"), 0.001);
        Assert.Equal(11.6689, fit.Value("beta"), 0.01);
    }
}
