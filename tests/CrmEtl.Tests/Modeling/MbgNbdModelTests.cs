using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

public class MbgNbdModelTests
{
    [Fact]
    public void Fit_on_cdnow_converges_with_a_likelihood_close_to_bgnbd()
    {
        var mbg = MbgNbdModel.Fit(CdnowSample.Histories).Fit;
        var bg = BgNbdModel.Fit(CdnowSample.Histories).Fit;

        Assert.Equal(FitStatus.Converged, mbg.Status);
        Assert.True(mbg.GradientNorm < 1e-8);
        Assert.InRange(mbg.LogLikelihood, bg.LogLikelihood - 20, bg.LogLikelihood + 20);
        Assert.All(mbg.Parameters, p => Assert.True(p.StandardError > 0));
    }

    [Fact]
    public void One_time_buyer_may_be_inactive()
    {
        var model = new MbgNbdModel(0.25, 4.4, 0.8, 2.4);

        var alive = model.ProbabilityAlive(new PurchaseHistory(0, 0, 30));

        Assert.InRange(alive, 0.01, 0.99);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(26)]
    [InlineData(300)]
    public void Unconditional_expectation_is_the_conditional_one_of_a_brand_new_customer(double t)
    {
        IPurchaseModel[] models = [new MbgNbdModel(0.25, 4.4, 0.8, 2.4), new BgNbdModel(0.25, 4.4, 0.8, 2.4)];

        foreach (var model in models)
        {
            var unconditional = model.ExpectedPurchases(t);
            Assert.Equal(unconditional, model.ConditionalExpectedPurchases(t, new PurchaseHistory(0, 0, 0)), unconditional * 1e-12);
        }
    }
}
