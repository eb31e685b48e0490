using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Generation;
using CrmEtl.Core.Modeling;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// Where the CLTV fit's predictions would take more than a quarter of DuckDB's memory limit, the fit runs after the models
/// instead of beside them (FitPlacement). The fit's results and what the models build must not depend on where it ran.
/// </summary>
public sealed class FitAfterModelsRunTests
{
    private static readonly string[] Tables = ["cltv_summary", "cltv_params", "cltv_predictions", "funnel", "customer_rfm", "customer_quarters"];

    [Fact]
    public void A_run_whose_fit_waits_for_the_models_builds_the_same_tables_as_one_whose_fit_runs_beside_them()
    {
        using var folder = new TempDirectory();
        // 150 generated days: about 260k customers, 26 MB of predictions, more than a quarter of the 85 MiB DuckDB gets of 300MB.
        SampleDataGenerator.Generate(new GenerationOptions(folder.Combine("data"), Days: 150));
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(folder.Combine("data/purchases.csv")),
            ["leads"] = SourceSpec.ForFile(folder.Combine("data/leads.csv")),
        };

        var besideObserver = new RecordingObserver();
        var beside = new Pipeline(besideObserver).Run(new PipelineOptions(Fixtures.Config(sources) with { MemoryLimit = "4GB" }, folder.Combine("beside")));
        var afterObserver = new RecordingObserver();
        var after = new Pipeline(afterObserver).Run(new PipelineOptions(Fixtures.Config(sources) with { MemoryLimit = "300MB" }, folder.Combine("after")));

        Assert.DoesNotContain(FitPlacement.AfterModelsNote, besideObserver.Notes);
        Assert.Contains(FitPlacement.AfterModelsNote, afterObserver.Notes);
        Assert.True(Db.Scalar<long>(after.DatabasePath, "SELECT count(*) FROM cltv_summary") * 100 > 85L * 1024 * 1024 / 4);
        foreach (var table in Tables)
        {
            var attach = $"ATTACH '{beside.DatabasePath}' AS beside_run (READ_ONLY)";
            Assert.True(Db.Scalar<long>(after.DatabasePath, $"SELECT count(*) FROM {table}") > 0, table);
            Assert.Equal(0L, Db.Scalar<long>(after.DatabasePath, $"{attach}; SELECT count(*) FROM (FROM {table} EXCEPT ALL FROM beside_run.{table})"));
            Assert.Equal(0L, Db.Scalar<long>(after.DatabasePath, $"{attach}; SELECT count(*) FROM (FROM beside_run.{table} EXCEPT ALL FROM {table})"));
        }
    }
}
