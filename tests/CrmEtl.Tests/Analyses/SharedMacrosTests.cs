using CrmEtl.Core.Scripts;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Analyses;

/// <summary>sql/005_shared_macros.sql: the one reading of the as-of date, and the one rule for ratios.</summary>
public sealed class SharedMacrosTests
{
    [Fact]
    public void As_of_is_the_run_s_date()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");

        Assert.Equal("2024-01-31 DATE", db.Scalar<string>("SELECT as_of()::VARCHAR || ' ' || typeof(as_of())"));
    }

    [Fact]
    public void As_of_fails_clearly_when_the_variable_is_not_set()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var macros = SqlScript.Read(RepositoryFolders.Sql, Path.Combine(RepositoryFolders.Sql, "005_shared_macros.sql"));
        new ScriptRunner(connection).Run(ScriptKind.Model, [macros]);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM range(3) WHERE DATE '2024-01-01' <= as_of()";

        var error = Assert.Throws<DuckDBException>(() => command.ExecuteScalar());

        Assert.Contains("the parameter as_of is not set", error.Message);
    }

    [Theory]
    [InlineData("safe_ratio(3, 4)", "0.75")]
    [InlineData("safe_ratio(7::BIGINT, 2::BIGINT)", "3.5")]
    [InlineData("safe_ratio(1, 0)", "NULL")]
    [InlineData("safe_ratio(0.0, 0.0)", "NULL")]
    [InlineData("safe_ratio(1, NULL)", "NULL")]
    [InlineData("safe_ratio(NULL, 2)", "NULL")]
    public void Safe_ratio_is_null_on_a_zero_or_missing_denominator(string expression, string expected)
    {
        using var db = AnalysisDatabase.Create("2024-01-31");

        Assert.Equal(expected, db.Scalar<string>($"SELECT coalesce(({expression})::VARCHAR, 'NULL')"));
    }

    [Fact]
    public void Scripts_read_the_as_of_date_only_through_the_macro()
    {
        var readers = Directory.GetFiles(RepositoryFolders.Sql, "*.sql", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "005_shared_macros.sql")
            .Where(path => File.ReadAllText(path).Contains("getvariable('as_of')", StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetRelativePath(RepositoryFolders.Sql, path))
            .ToList();

        Assert.Empty(readers);
    }
}
