using CrmEtl.Core.Scripts;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Analyses;

/// <summary>sql/tests/cltv_holdout_counts_are_sound.sql passes on sound tables and names each kind of unsound row.</summary>
public sealed class CltvHoldoutDataTestTests : IDisposable
{
    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    public CltvHoldoutDataTestTests()
    {
        connection.Open();
        connection.Execute("""
            CREATE TABLE cltv_holdout AS SELECT * FROM (VALUES ('a', 1.5, 2::BIGINT), ('b', 0.25, 0::BIGINT))
                AS h(customer_id, predicted_holdout_purchases, actual_holdout_purchases);
            CREATE TABLE cltv_tracking AS SELECT * FROM (VALUES
                    (1, false, 3::BIGINT, 2.5, 3::BIGINT), (2, true, 1::BIGINT, 1.0, 4::BIGINT), (3, true, 1::BIGINT, 0.75, 5::BIGINT))
                AS t(period_index, in_holdout, actual_repeat_purchases, expected_repeat_purchases, cumulative_actual_repeat_purchases);
            """);
    }

    public void Dispose() => connection.Dispose();

    private string? Failure()
    {
        var path = Path.Combine(RepositoryFolders.Sql, "tests", "cltv_holdout_counts_are_sound.sql");
        return new DataTestRunner(connection).Run([SqlScript.Read(RepositoryFolders.Sql, path)]).Failure;
    }

    [Fact]
    public void Sound_holdout_tables_pass() => Assert.Null(Failure());

    [Theory]
    [InlineData("UPDATE cltv_holdout SET actual_holdout_purchases = -1 WHERE customer_id = 'b'", "cltv_holdout customer b")]
    [InlineData("UPDATE cltv_tracking SET expected_repeat_purchases = -0.5 WHERE period_index = 2", "cltv_tracking period 2")]
    [InlineData("UPDATE cltv_tracking SET cumulative_actual_repeat_purchases = 9 WHERE period_index = 3", "cltv_tracking period 3")]
    [InlineData("UPDATE cltv_holdout SET actual_holdout_purchases = 3 WHERE customer_id = 'a'", "holdout periods and customers disagree")]
    public void Unsound_holdout_tables_fail_naming_the_row(string damage, string named)
    {
        connection.Execute(damage);

        Assert.Contains(named, Failure());
    }
}
