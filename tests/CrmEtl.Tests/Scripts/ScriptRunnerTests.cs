using CrmEtl.Core;
using CrmEtl.Core.Scripts;
using CrmEtl.Tests.TestSupport;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Scripts;

public sealed class ScriptRunnerTests
{
    [Fact]
    public void Runs_scripts_in_order_and_counts_rows_written()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var scripts = new[]
        {
            new SqlScript("010_a.sql", "010_a.sql", "CREATE TABLE a AS SELECT range AS x FROM range(5);"),
            new SqlScript("020_b.sql", "020_b.sql", "CREATE OR REPLACE TABLE b AS SELECT x FROM a WHERE x > 1; INSERT INTO b VALUES (9);"),
        };

        var results = new ScriptRunner(connection).Run(ScriptKind.Model, scripts);

        Assert.Equal([5L, 4L], results.Select(r => r.RowsWritten));
        Assert.All(results, r => Assert.Equal(64, r.Sha256.Length));
        Assert.Equal(4, connection.ExecuteScalar<long>("SELECT count(*) FROM b"));
    }

    [Fact]
    public void Failing_statement_names_script_statement_line_and_duckdb_message()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var logged = new List<ScriptResult>();
        var script = new SqlScript("130_broken.sql", "130_broken.sql", "CREATE TABLE ok AS SELECT 1 AS x;\n\nSELECT no_such_column\nFROM ok;");

        var error = Assert.Throws<CrmEtlException>(() => new ScriptRunner(connection).Run(ScriptKind.Model, [script], logged.Add));

        Assert.StartsWith("sql/130_broken.sql, statement 2 (line 3) failed:", error.Message);
        Assert.Contains("no_such_column", error.Message);
        Assert.Contains("Binder Error", error.Message);
        Assert.Equal(ScriptStatus.Failed, logged.Single().Status);
    }

    [Fact]
    public void A_broken_analyst_script_fails_the_run_and_keeps_the_previous_tables()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        var first = SmallProject.Run(temp.Combine("out"));
        Core.Resources.ProjectFiles.WriteDefaults(project, overwrite: true);
        File.WriteAllText(Path.Combine(project, "sql", "115_broken.sql"), "CREATE OR REPLACE TABLE funnel AS SELECT * FROM nowhere;");

        var error = Assert.Throws<CrmEtlException>(() => SmallProject.Run(temp.Combine("out"), projectDirectory: project));

        Assert.Contains("sql/115_broken.sql, statement 1 (line 1) failed", error.Message);
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(first.DatabasePath));
        var log = Db.Query<(string Script, string Status)>(first.DatabasePath,
            "SELECT script, status FROM script_log WHERE run_id = 2 ORDER BY script");
        Assert.Contains(("115_broken.sql", "failed"), log);
        Assert.Equal("failed", Db.Scalar<string>(first.DatabasePath, "SELECT status FROM runs WHERE run_id = 2"));
    }

    [Fact]
    public void Failing_data_test_fails_the_run_with_its_name_and_sample_rows()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        Core.Resources.ProjectFiles.WriteDefaults(project, overwrite: true);
        File.WriteAllText(Path.Combine(project, "sql", "tests", "no_power_users.sql"),
            "-- A deliberately failing rule\nSELECT customer_id, tier FROM customer_tiers WHERE tier = 'Power User'");

        var error = Assert.Throws<DataTestFailedException>(() => SmallProject.Run(temp.Combine("out"), projectDirectory: project));

        Assert.Contains("sql/tests/no_power_users.sql: 1 offending row(s)", error.Message);
        Assert.Contains("customer_id=C2, tier=Power User", error.Message);
    }
}
