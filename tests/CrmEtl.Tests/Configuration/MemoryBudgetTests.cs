using System.Globalization;
using CrmEtl.Core;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Configuration;

public sealed class MemoryBudgetTests
{
    [Fact]
    public void What_the_fit_holds_is_taken_off_duckdbs_limit_until_the_budget_is_disposed()
    {
        var (connection, settings) = Open("1GB");
        using var _ = connection;
        var full = DuckDbLimitMiB(connection);

        using (var budget = settings.Budget(connection))
        {
            budget.Hold(100L * 1024 * 1024);
            Assert.Equal(full - 100, DuckDbLimitMiB(connection), precision: 0);
            budget.Hold(50L * 1024 * 1024);
            Assert.Equal(full - 150, DuckDbLimitMiB(connection), precision: 0);
            Assert.Equal(150L * 1024 * 1024, budget.Held);
        }

        Assert.Equal(settings.DuckDbBytes / (1024.0 * 1024), full, precision: 0);
        Assert.Equal(full, DuckDbLimitMiB(connection), precision: 0);
    }

    [Fact]
    public void Duckdb_keeps_a_floor_however_much_is_held()
    {
        var (connection, settings) = Open("256MB");
        using var _ = connection;

        using var budget = settings.Budget(connection);
        budget.Hold(10L * 1024 * 1024 * 1024);

        Assert.Equal(32, DuckDbLimitMiB(connection), precision: 0);
    }

    [Fact]
    public void A_limit_duckdb_cannot_meet_is_not_set_and_the_fit_goes_on()
    {
        // An in-memory table with nowhere to spill cannot be evicted: DuckDB refuses a limit below it.
        var (connection, settings) = Open("1GB");
        using var _ = connection;
        connection.Execute("SET temp_directory = ''");
        connection.Execute("CREATE TABLE pinned AS SELECT range AS i, md5(range::VARCHAR) AS h FROM range(3000000)");
        var full = DuckDbLimitMiB(connection);

        using var budget = settings.Budget(connection);
        budget.Hold(settings.DuckDbBytes - 40L * 1024 * 1024);

        Assert.Equal(0, budget.Held);
        Assert.Equal(full, DuckDbLimitMiB(connection), precision: 0);
    }

    [Fact]
    public void No_budget_changes_nothing()
    {
        MemoryBudget.None.Hold(1024);

        Assert.Equal(0, MemoryBudget.None.Held);
    }

    private static (DuckDBConnection Connection, EngineSettings Settings) Open(string memoryLimit)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var settings = new EngineSettings(memoryLimit, Path.Combine(Path.GetTempPath(), "crmetl-budget-spill"));
        settings.Apply(connection);
        return (connection, settings);
    }

    /// <summary>DuckDB's memory_limit in MiB, read back as DuckDB prints it (e.g. "405.0 MiB").</summary>
    private static double DuckDbLimitMiB(DuckDBConnection connection)
    {
        var text = connection.ExecuteScalar<string>("SELECT current_setting('memory_limit')")!;
        var parts = text.Split(' ');
        var number = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts[1] switch
        {
            "KiB" => number / 1024,
            "MiB" => number,
            "GiB" => number * 1024,
            _ => throw new InvalidOperationException($"Unexpected memory_limit '{text}'."),
        };
    }
}
