using CrmEtl.Core;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// A run under a small memory limit takes the formulations DuckDB can spill (no per-customer
/// lists) and must build the same tables as the shared run with the default limit.
/// </summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class MemoryLimitRunTests(Seed000MonthRun defaultRun)
{
    private static readonly string[] Tables = ["customer_purchase_totals", "customer_rfm", "customer_cltv_simple", "cohort_activity", "cohort_retention", "customer_quarters"];

    [Fact]
    public void A_run_under_a_small_memory_limit_builds_the_same_tables()
    {
        using var folder = new TempDirectory();
        var observer = new RecordingObserver();
        var config = Fixtures.Config(Fixtures.Seed000Month()) with { MemoryLimit = "256MB", TempDirectory = folder.Combine("spill") };

        var summary = new Pipeline(observer).Run(new PipelineOptions(config, folder.Path));

        Assert.Contains(observer.Notes, note => note == $"engine: memory limit 256MB (DuckDB 60MiB of it), temp_directory {folder.Combine("spill")}");
        // Lists are used up to an eighth of DuckDB's limit at 200 bytes a line: 60 MiB allows 39,321 lines.
        Assert.True(Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM purchases") > 39_321);
        foreach (var table in Tables)
        {
            var attach = $"ATTACH '{defaultRun.Summary.DatabasePath}' AS default_run (READ_ONLY)";
            Assert.Equal(0L, Db.Scalar<long>(summary.DatabasePath, $"{attach}; SELECT count(*) FROM (FROM {table} EXCEPT ALL FROM default_run.{table})"));
            Assert.Equal(0L, Db.Scalar<long>(summary.DatabasePath, $"{attach}; SELECT count(*) FROM (FROM default_run.{table} EXCEPT ALL FROM {table})"));
        }

        Assert.False(Directory.Exists(folder.Combine("spill")), "DuckDB removes its spill folder at the end of the run");
    }
}
