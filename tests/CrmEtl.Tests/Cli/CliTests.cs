using CrmEtl.Cli;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public void Run_exits_zero_and_writes_database_and_report()
    {
        using var temp = new TempDirectory();

        var exit = CliApp.Run(["run", "--purchases", Fixtures.Path("small/purchases.csv"), "--leads", Fixtures.Path("small/leads.csv"),
            "--as-of", "2024-04-01", "--set", "tier_lookback_months=6", "--out", temp.Path]);

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(temp.Path, "crm.duckdb")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "report.html")));
    }

    [Fact]
    public void User_errors_exit_non_zero()
    {
        using var temp = new TempDirectory();

        Assert.Equal(1, CliApp.Run(["run", "--purchases", Fixtures.Path("malformed/bad_date.csv"), "--out", temp.Path]));
        Assert.Equal(1, CliApp.Run(["run", "--purchases", Fixtures.Path("small/purchases.csv"), "--set", "nonsense", "--out", temp.Path]));
        Assert.Equal(1, CliApp.Run(["run", "--out", temp.Path]));
        Assert.Equal(1, CliApp.Run(["sql", "SELECT 1", "--db", Path.Combine(temp.Path, "missing.duckdb")]));
        Assert.NotEqual(0, CliApp.Run(["run", "--as-of"]));
    }

    [Fact]
    public void Sql_prints_csv_and_json()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;
        var query = "SELECT stage, customers, conversion_rate FROM funnel WHERE stage_order <= 2 ORDER BY stage_order";

        var csv = new StringWriter();
        SqlCommand.Execute(query, database, "csv", csv);
        Assert.Equal("stage,customers,conversion_rate\nLeads,5,1\nFirst Purchase,4,0.8\n", csv.ToString().ReplaceLineEndings("\n"));

        var json = new StringWriter();
        SqlCommand.Execute(query, database, "json", json);
        Assert.Contains("\"stage\": \"First Purchase\",\n    \"customers\": 4,\n    \"conversion_rate\": 0.8", json.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Sql_table_right_aligns_numbers_rounds_floats_and_shows_nulls()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;

        var table = new StringWriter();
        SqlCommand.Execute("SELECT 'ab' AS label, 7 AS n, NULL::DOUBLE AS x UNION ALL SELECT 'abcdefgh', 12345, 2 / 3 ORDER BY n", database, "table", table);

        var lines = table.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(lines, line => line.Contains("│ ab       │     7 │     NULL │", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("│ abcdefgh │ 12345 │ 0.666667 │", StringComparison.Ordinal));
    }

    [Fact]
    public void Sql_database_is_opened_read_only()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;

        var error = Assert.Throws<Core.CrmEtlException>(() => SqlCommand.Execute("DROP TABLE funnel", database, "csv", new StringWriter()));

        Assert.Contains("read-only", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Init_writes_an_editable_project_that_runs()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");

        Assert.Equal(0, CliApp.Run(["init", project]));

        Assert.True(File.Exists(Path.Combine(project, "crmetl.json")));
        Assert.True(File.Exists(Path.Combine(project, "sql", "rules", "tier_rules.csv")));
        Assert.True(File.Exists(Path.Combine(project, "templates", "report.sbn-html")));
        Directory.CreateDirectory(Path.Combine(project, "data"));
        File.Copy(Fixtures.Path("small/purchases.csv"), Path.Combine(project, "data", "purchases.csv"));
        File.Copy(Fixtures.Path("small/leads.csv"), Path.Combine(project, "data", "leads.csv"));
        var config = File.ReadAllText(Path.Combine(project, "crmetl.json"))
            .Replace("\"ads\": { \"path\": \"data/ads.csv\" }", "// no ads here", StringComparison.Ordinal)
            .Replace("\"data/leads.csv\" },", "\"data/leads.csv\" }", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(project, "crmetl.json"), config);

        Assert.Equal(0, CliApp.Run(["run", "--config", Path.Combine(project, "crmetl.json"), "--out", temp.Combine("out")]));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(temp.Combine("out/crm.duckdb")));
    }
}
