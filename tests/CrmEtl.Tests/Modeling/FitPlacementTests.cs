using CrmEtl.Core.Modeling;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Modeling;

public sealed class FitPlacementTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(628_993, 4491, true)]       // the generated year under an 8 GB limit: 63 MB of predictions
    [InlineData(6_304_394, 7286, true)]     // ten times it under 12 GiB: 630 MB against 1.8 GiB
    [InlineData(63_057_088, 4491, false)]   // a hundred times under 8 GB: 6.3 GB, more than the whole limit
    [InlineData(11_772_887, 4491, true)]    // the most a quarter of 4491 MiB takes
    [InlineData(11_772_888, 4491, false)]
    public void The_fit_runs_beside_the_models_while_its_predictions_take_at_most_a_quarter_of_duckdbs_limit(
        long customers, long duckDbMiB, bool beside)
    {
        Assert.Equal(beside, FitPlacement.BesideModels(customers, duckDbMiB * MiB));
    }

    [Fact]
    public void The_customers_are_counted_in_cltv_summary()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        connection.Execute("CREATE TABLE cltv_summary AS SELECT i::VARCHAR AS customer_id FROM range(1000) AS r(i)");

        Assert.True(FitPlacement.BesideModels(connection, 400_000));
        Assert.False(FitPlacement.BesideModels(connection, 399_999));
    }
}
