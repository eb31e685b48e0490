namespace CrmEtl.Tests.Analyses;

/// <summary>The probabilistic CLTV on the shared month of sample data (default model, BG/NBD).</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class CltvMonthRunTests(Seed000MonthRun seed)
{
    [Fact]
    public void Seed_data_that_pins_the_dropout_gives_a_flagged_boundary_fit_and_finite_predictions()
    {
        Assert.Equal("on_boundary", seed.Scalar<string>("SELECT status FROM cltv_fit WHERE model = 'bgnbd'"));
        Assert.Contains(seed.Observer.Warnings, w => w.Contains("on a boundary", StringComparison.Ordinal));
        Assert.EndsWith("on a boundary", seed.Observer.Details["cltv fit"], StringComparison.Ordinal);
        var bad = seed.Scalar<long>("""
            SELECT count(*) FROM cltv_predictions
            WHERE NOT (isfinite(expected_purchases) AND isfinite(p_alive) AND isfinite(clv))
               OR p_alive NOT BETWEEN 0 AND 1 OR clv < 0 OR clv_segment IS NULL
            """);
        Assert.Equal(0, bad);
        Assert.Equal(51_752, seed.Scalar<long>("SELECT count(*) FROM cltv_predictions"));
    }
}
