using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// The same inputs, as-of date, parameters and rules give the same tables: two runs into two
/// folders hold the same rows in every table and view, to the last bit of every double.
/// </summary>
public sealed class IdempotencyTests
{
    /// <summary>
    /// What a run records of itself and no rerun can repeat: when it started and finished and how
    /// long each stage and script took. Everything else, the rest of the journal included (run ids,
    /// input paths and hashes, parameters, script hashes, rows written), must be equal.
    /// </summary>
    private static readonly HashSet<string> Timings =
        ["runs.started_at", "runs.finished_at", "runs.timings", "script_log.duration_ms"];

    [Fact]
    public void Two_runs_on_the_same_inputs_give_identical_tables_and_views()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        // A holdout, so that the holdout tables and their summary are filled too.
        var config = Fixtures.Config(Fixtures.Seed000Month(), new DateOnly(2024, 5, 12),
            new Dictionary<string, string> { ["cltv_holdout_end"] = "2024-05-26" });

        var a = Fixtures.Run(config, first.Path).DatabasePath;
        var b = Fixtures.Run(config, second.Path).DatabasePath;

        Assert.Empty(DatabaseComparison.Differences(a, b, Timings));
        Assert.True(DatabaseComparison.RelationCount(a) > 40);
        Assert.True(Db.Scalar<long>(a, "SELECT count(*) FROM cltv_holdout_summary") == 1);
        Assert.True(Db.Scalar<double?>(a, "SELECT frequency_spend_correlation FROM cltv_fit WHERE model = 'gamma_gamma'") is not null);
    }
}
