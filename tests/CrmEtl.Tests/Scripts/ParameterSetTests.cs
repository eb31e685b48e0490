using CrmEtl.Core;
using CrmEtl.Core.Scripts;
using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Scripts;

public sealed class ParameterSetTests
{
    [Fact]
    public void Unknown_parameter_is_refused_with_the_known_ones()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(SmallProject.Sources(), parameters: new Dictionary<string, string> { ["tier_lookback"] = "3" });

        var error = Assert.Throws<CrmEtlException>(() => Fixtures.Run(config, temp.Path));

        Assert.Contains("Unknown parameter 'tier_lookback'", error.Message);
        Assert.Contains("tier_lookback_months", error.Message);
    }

    [Fact]
    public void Value_of_the_wrong_type_is_refused_before_anything_runs()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(SmallProject.Sources(), parameters: new Dictionary<string, string> { ["tier_lookback_months"] = "six" });

        var error = Assert.Throws<CrmEtlException>(() => Fixtures.Run(config, temp.Path));

        Assert.Contains("parameter 'tier_lookback_months' is integer, and 'six' is not", error.Message);
        Assert.False(File.Exists(Path.Combine(temp.Path, "crm.duckdb")));
    }

    [Fact]
    public void Parameters_reach_sql_and_are_recorded_with_the_run()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(SmallProject.Sources(), new DateOnly(2024, 4, 1),
            new Dictionary<string, string> { ["tier_lookback_months"] = "1", ["second_purchase_window_days"] = "100" });

        var summary = Fixtures.Run(config, temp.Path);

        // Lookback 1 month from 2024-04-01: only C2 (2,100 → Power User) and C4 (3 × 10 → Tier 2) are active.
        // A 100-day window makes C2's second purchase (day 87) count as well. Of the three second
        // purchasers C1 (no tier), C4 (Tier 2) and C2 (Power User), two reached Tier 1 and Tier 2, one Tier 3 and Power User.
        Assert.Equal([5L, 4, 3, 2, 2, 1, 1], SmallProject.FunnelIn(summary.DatabasePath));
        var recorded = Db.Scalar<string>(summary.DatabasePath, "SELECT parameters->>'tier_lookback_months' FROM runs");
        Assert.Equal("1", recorded);
    }

    [Fact]
    public void An_empty_date_means_not_set_and_reaches_sql_as_null()
    {
        var parametersFile = Path.Combine(RepositoryFolders.Sql, "parameters.csv");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();

        ParameterSet.Load(parametersFile, new Dictionary<string, string>()).Apply(connection);
        Assert.True(connection.ExecuteScalar<bool>("SELECT getvariable('cltv_holdout_end') IS NULL AND typeof(getvariable('cltv_holdout_end')) = 'DATE'"));

        ParameterSet.Load(parametersFile, new Dictionary<string, string> { ["cltv_holdout_end"] = "1998-06-30" }).Apply(connection);
        Assert.Equal(new DateTime(1998, 6, 30), connection.ExecuteScalar<DateTime>("SELECT getvariable('cltv_holdout_end')"));

        var error = Assert.Throws<CrmEtlException>(() =>
            ParameterSet.Load(parametersFile, new Dictionary<string, string> { ["cltv_holdout_end"] = "30/06/1998" }));
        Assert.Contains("parameter 'cltv_holdout_end' is date, and '30/06/1998' is not", error.Message);
    }

    [Fact]
    public void Unknown_type_in_parameters_file_is_refused_with_its_line_and_the_known_types()
    {
        using var temp = new TempDirectory();
        var parametersFile = temp.File("parameters.csv", "name,value,type,description\nwindow_days,65,int,Days\n");

        var error = Assert.Throws<CrmEtlException>(() => ParameterSet.Load(parametersFile, new Dictionary<string, string>()));

        Assert.Equal(
            $"{parametersFile}, line 2: parameter 'window_days' has unknown type 'int'; use one of integer, number, date, text, boolean.",
            error.Message);
    }
}
