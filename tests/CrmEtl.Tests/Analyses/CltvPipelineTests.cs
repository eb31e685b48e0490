using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>The probabilistic CLTV through the whole run: SQL summary, C# fit, SQL segments.</summary>
public sealed class CltvPipelineTests
{
    [Fact]
    public void Cdnow_through_the_pipeline_reproduces_the_published_estimates()
    {
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, SourceSpec> { ["purchases"] = SourceSpec.ForFile(Fixtures.Path("cdnow_sample_purchases.csv")) };

        var summary = Fixtures.Run(Fixtures.Config(sources, new DateOnly(1997, 9, 30)), temp.Path);

        var fit = Db.Query<(string Model, double LogLikelihood, long Customers, string Status)>(summary.DatabasePath,
            "SELECT model, log_likelihood, n_customers, status FROM cltv_fit ORDER BY model");
        Assert.Equal(("bgnbd", 2357L, "converged"), (fit[0].Model, fit[0].Customers, fit[0].Status));
        Assert.Equal(-9582.43, fit[0].LogLikelihood, 0.005);
        Assert.Equal(("gamma_gamma", 946L), (fit[1].Model, fit[1].Customers));

        var parameters = Db.Query<(string Param, double Value)>(summary.DatabasePath, "SELECT param, value FROM cltv_params")
            .ToDictionary(p => p.Param, p => p.Value);
        // Fader, Hardie & Lee (2005): r 0.2426, alpha 4.4137, a 0.7930, b 2.4262. The exact optimum
        // (ours, likelihood ≥ the published point's) differs from those Excel figures by up to 3e-4 in b.
        Assert.Equal(0.2426, parameters["r"], 0.00005);
        Assert.Equal(4.4137, parameters["alpha"], 0.0004);
        Assert.Equal(0.7930, parameters["a"], 0.0004);
        Assert.Equal(2.4262, parameters["b"], 0.0004);
        Assert.Equal(6.25, parameters["p"], 0.005);
        Assert.Equal(3.74, parameters["q"], 0.005);
        Assert.Equal(15.44, parameters["gamma"], 0.005);
    }

    [Fact]
    public void Cdnow_summary_counts_same_day_purchases_as_one_occasion_in_weeks()
    {
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, SourceSpec> { ["purchases"] = SourceSpec.ForFile(Fixtures.Path("cdnow_sample_purchases.csv")) };

        var summary = Fixtures.Run(Fixtures.Config(sources, new DateOnly(1997, 9, 30)), temp.Path);

        // Customer 00004 bought on 1997-01-01, 01-18, 08-02 and 12-12 (after the as-of date).
        var row = Db.Query<(double X, double Recency, double T, double Monetary)>(summary.DatabasePath,
            "SELECT frequency, recency, t, monetary FROM cltv_summary WHERE customer_id = '00004'").Single();
        Assert.Equal(2, row.X);
        Assert.Equal(213 / 7.0, row.Recency, 1e-12);
        Assert.Equal(272 / 7.0, row.T, 1e-12);
        Assert.Equal((29.73 + 14.96) / 2, row.Monetary, 1e-9);
    }

    [Fact]
    public void Cdnow_with_paretonbd_reproduces_the_published_fit_and_tracks_the_holdout()
    {
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, SourceSpec> { ["purchases"] = SourceSpec.ForFile(Fixtures.Path("cdnow_sample_purchases.csv")) };
        var parameters = new Dictionary<string, string> { ["cltv_model"] = "paretonbd", ["cltv_holdout_end"] = "1998-06-30" };

        var summary = Fixtures.Run(Fixtures.Config(sources, new DateOnly(1997, 9, 30), parameters), temp.Path);

        var fit = Db.Query<(double LogLikelihood, string Status)>(summary.DatabasePath,
            "SELECT log_likelihood, status FROM cltv_fit WHERE model = 'paretonbd'").Single();
        Assert.Equal("converged", fit.Status);
        Assert.True(fit.LogLikelihood >= -9594.98 - 0.01);
        var parameterNames = Db.Query<string>(summary.DatabasePath, "SELECT param FROM cltv_params WHERE model = 'paretonbd' ORDER BY param");
        Assert.Equal(["alpha", "beta", "r", "s"], parameterNames);
        var holdout = Db.Query<(double Predicted, double Actual)>(summary.DatabasePath,
            "SELECT predicted_purchases, actual_purchases FROM cltv_holdout_summary").Single();
        // BG/NBD predicts 1,653 of the 1,882 repeat purchases of these 39 weeks; Pareto/NBD should be of the same order.
        Assert.InRange(holdout.Predicted / holdout.Actual, 0.8, 1.1);
        Assert.Equal(0, Db.Scalar<long>(summary.DatabasePath, """
            SELECT count(*) FROM cltv_tracking
            WHERE NOT isfinite(expected_repeat_purchases) OR NOT isfinite(cumulative_expected_repeat_purchases)
            """));
    }

    [Fact]
    public void Seed_data_with_paretonbd_gives_a_flagged_boundary_fit_and_finite_predictions()
    {
        using var temp = new TempDirectory();
        var observer = new RecordingObserver();
        var parameters = new Dictionary<string, string> { ["cltv_model"] = "paretonbd" };

        // The generator draws 1–3 purchases per buyer at similar rates: no heterogeneity for the gammas to describe, so
        // α and β run to the box edge (λ and μ pinned to single values).
        var config = Fixtures.Config(Fixtures.Seed000Month(), parameters: parameters);
        var summary = new Core.Pipeline(observer).Run(new Core.PipelineOptions(config, temp.Path));

        var fit = Db.Query<(string Status, string Diagnostic)>(summary.DatabasePath,
            "SELECT status, diagnostic FROM cltv_fit WHERE model = 'paretonbd'").Single();
        Assert.Equal("on_boundary", fit.Status);
        Assert.Contains("→", fit.Diagnostic, StringComparison.Ordinal);
        Assert.Contains(observer.Warnings, w => w.Contains("paretonbd fit is on a boundary", StringComparison.Ordinal));
        var bad = Db.Scalar<long>(summary.DatabasePath, """
            SELECT count(*) FROM cltv_predictions
            WHERE NOT (isfinite(expected_purchases) AND isfinite(p_alive) AND isfinite(clv))
               OR p_alive NOT BETWEEN 0 AND 1 OR clv < 0 OR clv_segment IS NULL
            """);
        Assert.Equal(0, bad);
    }

    [Fact]
    public void A_fit_the_data_cannot_identify_is_recorded_as_failed_and_the_run_goes_on()
    {
        using var temp = new TempDirectory();
        var observer = new RecordingObserver();

        var summary = new Core.Pipeline(observer).Run(new Core.PipelineOptions(Fixtures.Config(SmallProject.Sources()), temp.Path));

        // Three repeat customers cannot identify Gamma-Gamma's three parameters.
        var spendFit = Db.Query<(string Status, string Diagnostic)>(summary.DatabasePath,
            "SELECT status, diagnostic FROM cltv_fit WHERE model = 'gamma_gamma'").Single();
        Assert.Equal("failed", spendFit.Status);
        Assert.Contains("did not converge", spendFit.Diagnostic);
        Assert.Contains(observer.Warnings, w => w.StartsWith("cltv: gamma_gamma fit failed", StringComparison.Ordinal));
        Assert.Equal(0, Db.Scalar<long>(summary.DatabasePath, "SELECT count(clv) FROM cltv_predictions"));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(summary.DatabasePath));
    }
}
