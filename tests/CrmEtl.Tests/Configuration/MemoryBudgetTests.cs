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
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var settings = new EngineSettings("1GB", Path.Combine(Path.GetTempPath(), "crmetl-budget-spill"));
        settings.Apply(connection);
        var full = DuckDbLimit(connection);

        using (var budget = settings.Budget(connection))
        {
            budget.Hold(100L * 1024 * 1024);
            Assert.Equal(full - 100, DuckDbLimit(connection), precision: 0);
            budget.Hold(50L * 1024 * 1024);
            Assert.Equal(full - 150, DuckDbLimit(connection), precision: 0);
            Assert.Equal(150L * 1024 * 1024, budget.Held);
        }

        Assert.Equal(settings.DuckDbBytes / (1024.0 * 1024), full, precision: 0);
        Assert.Equal(full, DuckDbLimit(connection), precision: 0);
    }

    [Fact]
    public void Duckdb_keeps_a_floor_however_much_is_held()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var settings = new EngineSettings("256MB", Path.Combine(Path.GetTempPath(), "crmetl-budget-spill"));
        settings.Apply(connection);

        using var budget = settings.Budget(connection);
        budget.Hold(10L * 1024 * 1024 * 1024);

        Assert.Equal(32, DuckDbLimit(connection), precision: 0);
    }

    [Fact]
    public void No_budget_changes_nothing()
    {
        MemoryBudget.None.Hold(1024);

        Assert.Equal(0, MemoryBudget.None.Held);
    }

    /// <summary>DuckDB's memory_limit in MiB, read back as DuckDB prints it (e.g. "405.0 MiB").</summary>
    private static double DuckDbLimit(DuckDBConnection connection)
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
