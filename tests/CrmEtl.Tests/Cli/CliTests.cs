using System.Globalization;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

/// <summary>The commands as a user sees them: exit code, stdout and stderr.</summary>
public sealed class CliTests
{
    [Fact]
    public void Run_prints_each_stage_the_funnel_and_where_the_outputs_are()
    {
        using var temp = new TempDirectory();

        var result = TestCli.Run("run", "--purchases", Fixtures.Path("small/purchases.csv"), "--leads", Fixtures.Path("small/leads.csv"),
            "--as-of", "2024-04-01", "--set", "tier_lookback_months=6", "--out", temp.Path);

        Assert.Equal((0, string.Empty), (result.Exit, result.Stderr));
        var lines = result.StdoutLines;
        Assert.Equal(
            ["load", "rules", "rule tests", "models", "cltv fit", "post-fit models", "data tests", "history", "report"],
            lines.Where(line => line.StartsWith("✓ ", StringComparison.Ordinal)).Select(line => line[2..18].TrimEnd()));
        Assert.Contains(lines, line => line.StartsWith("✓ load             purchases 9 · leads 5 ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("! cltv: gamma_gamma fit failed", StringComparison.Ordinal));
        string[] stages = ["Leads", "First Purchase", "Second Purchase", "Tier 1", "Tier 2", "Tier 3", "Power User"];
        double?[] steps = [1.0, 0.8, 0.5, 1.0, 1.0, 0.0, null];
        for (var i = 0; i < stages.Length; i++)
        {
            var step = steps[i] is { } rate ? rate.ToString("P1", CultureInfo.CurrentCulture) : "–";
            Assert.Contains($"{stages[i]} {SmallProject.Funnel[i]:N0} {step}", lines.Select(Words));
        }

        Assert.Contains(lines, line => line.StartsWith("run 1 succeeded in ", StringComparison.Ordinal)
                                       && line.EndsWith(" s: 14 input rows, as of 2024-04-01", StringComparison.Ordinal));
        Assert.Equal($"  database: {temp.Combine("crm.duckdb")}", lines[^3]);
        Assert.Equal($"  report:   {temp.Combine("report.html")}", lines[^2]);
        Assert.Equal($"            {temp.Combine("funnel.html")}", lines[^1]);
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(temp.Combine("crm.duckdb")));
        Assert.Contains("Customer lifecycle report", File.ReadAllText(temp.Combine("report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_input_file_is_one_error_line_naming_file_line_and_column()
    {
        using var temp = new TempDirectory();
        var file = Fixtures.Path("malformed/bad_date.csv");

        var result = TestCli.Run("run", "--purchases", file, "--out", temp.Path);

        AssertOneErrorLine(result, $"error: {file}, line 4, column 'purchase_date': Error when converting column \"purchase_date\". "
                                   + "Could not convert string \"2024-02-30\" to 'TIMESTAMP' (dates are read as YYYY-MM-DD, numbers with a '.' decimal point). "
                                   + "Nothing was loaded; the refused lines are in table load_rejects.");
    }

    [Fact]
    public void A_malformed_set_says_how_to_write_it()
    {
        using var temp = new TempDirectory();

        var result = TestCli.Run("run", "--purchases", Fixtures.Path("small/purchases.csv"), "--set", "nonsense", "--out", temp.Path);

        AssertOneErrorLine(result, "error: --set nonsense: write it as name=value, e.g. --set tier_lookback_months=3.");
    }

    [Fact]
    public void A_bad_as_of_date_says_the_format()
    {
        using var temp = new TempDirectory();

        var result = TestCli.Run("run", "--purchases", Fixtures.Path("small/purchases.csv"), "--as-of", "2024-13-01", "--out", temp.Path);

        AssertOneErrorLine(result, "error: --as-of: '2024-13-01' is not a date; write it as YYYY-MM-DD or one of today, yesterday, last-week-end (the last Sunday before today), last-month-end.");
    }

    [Fact]
    public void A_run_without_inputs_lists_the_ways_to_give_them()
    {
        using var temp = new TempDirectory();

        var result = TestCli.Run("run", "--out", temp.Path);

        AssertOneErrorLine(result, "error: No inputs: give --purchases/--leads/--ads/--customers, or a crmetl.json with sources (--config).");
    }

    [Fact]
    public void Sql_on_a_missing_database_says_to_run_first()
    {
        using var temp = new TempDirectory();
        var database = temp.Combine("missing.duckdb");

        var result = TestCli.Run("sql", "SELECT 1", "--db", database);

        AssertOneErrorLine(result, $"error: {database}: database not found. Run `crmetl run` first, or pass --db.");
    }

    [Fact]
    public void Sql_without_a_query_shows_how_to_give_one()
    {
        var result = TestCli.Run("sql");

        AssertOneErrorLine(result, "error: No query: give one, e.g. crmetl sql \"SELECT * FROM funnel\", or --file query.sql, or - to read stdin.");
    }

    [Fact]
    public void A_missing_option_value_is_a_parse_error_on_stderr_with_the_usage_on_stdout()
    {
        var result = TestCli.Run("run", "--as-of");

        Assert.NotEqual(0, result.Exit);
        Assert.Equal("Required argument missing for option: '--as-of'.", Assert.Single(result.StderrLines));
        Assert.Contains(result.StdoutLines, line => line.EndsWith(" run [options]", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, line => line.TrimStart().StartsWith("--as-of <as-of>", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var result = TestCli.Run("--help");

        Assert.Equal((0, string.Empty), (result.Exit, result.Stderr));
        foreach (var command in new[] { "demo", "run", "sql", "generate", "init", "status" })
        {
            Assert.Contains(result.StdoutLines, line => line.StartsWith($"  {command} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Sql_prints_csv_and_json()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;
        var query = "SELECT stage, customers, conversion_rate FROM funnel WHERE stage_order <= 2 ORDER BY stage_order";

        var csv = TestCli.Run("sql", query, "--db", database, "--format", "csv");
        Assert.Equal(new CliResult(0, "stage,customers,conversion_rate\nLeads,5,1\nFirst Purchase,4,0.8\n", string.Empty), csv);

        var json = TestCli.Run("sql", query, "--db", database, "--format", "json");
        Assert.Equal((0, string.Empty), (json.Exit, json.Stderr));
        Assert.Equal("""
            [
              {
                "stage": "Leads",
                "customers": 5,
                "conversion_rate": 1
              },
              {
                "stage": "First Purchase",
                "customers": 4,
                "conversion_rate": 0.8
              }
            ]

            """, json.Stdout);
    }

    [Fact]
    public void Sql_json_prints_64_and_128_bit_integers_as_numbers()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;
        const string query = """
            SELECT sum(x) AS hugeint_sum, sum(x::BIGINT) FILTER (WHERE x < 0) AS no_rows,
                   9223372036854775807::BIGINT AS bigint_max, 18446744073709551615::UBIGINT AS ubigint_max,
                   170141183460469231731687303715884105727::HUGEINT AS hugeint_max,
                   (-170141183460469231731687303715884105727)::HUGEINT AS hugeint_min_plus_one,
                   340282366920938463463374607431768211455::UHUGEINT AS uhugeint_max
            FROM (VALUES (9223372036854775807::BIGINT), (9223372036854775807::BIGINT), (3::BIGINT)) AS t(x)
            """;

        var result = TestCli.Run("sql", query, "--db", database, "--format", "json");

        Assert.Equal(new CliResult(0, """
            [
              {
                "hugeint_sum": 18446744073709551617,
                "no_rows": null,
                "bigint_max": 9223372036854775807,
                "ubigint_max": 18446744073709551615,
                "hugeint_max": 170141183460469231731687303715884105727,
                "hugeint_min_plus_one": -170141183460469231731687303715884105727,
                "uhugeint_max": 340282366920938463463374607431768211455
              }
            ]

            """, string.Empty), result);
        using var parsed = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var row = parsed.RootElement[0];
        Assert.All(new[] { "hugeint_sum", "bigint_max", "ubigint_max", "hugeint_max", "uhugeint_max" },
            name => Assert.Equal(System.Text.Json.JsonValueKind.Number, row.GetProperty(name).ValueKind));
        Assert.Equal(9223372036854775807L, row.GetProperty("bigint_max").GetInt64());
    }

    [Fact]
    public void Sql_reads_the_query_from_stdin()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;

        var result = TestCli.Run(["sql", "-", "--db", database, "--format", "csv"], stdin: "SELECT customers FROM funnel WHERE stage = 'Leads';\n");

        Assert.Equal(new CliResult(0, "customers\n5\n", string.Empty), result);
    }

    [Fact]
    public void Sql_table_right_aligns_numbers_rounds_floats_and_shows_nulls()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;

        var table = TestCli.Run("sql", "SELECT 'ab' AS label, 7 AS n, NULL::DOUBLE AS x UNION ALL SELECT 'abcdefgh', 12345, 2 / 3 ORDER BY n", "--db", database);

        Assert.Equal((0, string.Empty), (table.Exit, table.Stderr));
        Assert.Equal(
            [
                "╭──────────┬───────┬──────────╮",
                "│ label    │     n │        x │",
                "├──────────┼───────┼──────────┤",
                "│ ab       │     7 │     NULL │",
                "│ abcdefgh │ 12345 │ 0.666667 │",
                "╰──────────┴───────┴──────────╯",
                "2 row(s)",
            ],
            table.StdoutLines);
    }

    [Fact]
    public void Sql_database_is_opened_read_only()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;

        var result = TestCli.Run("sql", "DROP TABLE funnel", "--db", database);

        AssertOneErrorLine(result, "error: Invalid Input Error: Cannot execute statement of type \"DROP\" on database \"crm\" which is attached in read-only mode!");
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(database));
    }

    [Fact]
    public void Init_writes_an_editable_project_that_runs()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");

        var init = TestCli.Run("init", "--all", project);

        var config = Path.Combine(project, "crmetl.json");
        Assert.Equal((0, string.Empty), (init.Exit, init.Stderr));
        var written = Directory.GetFiles(project, "*", SearchOption.AllDirectories).Length;
        Assert.Equal(
            [$"Wrote {written} file(s) into {project}. Edit sql/ and crmetl.json, then run:", $"  crmetl run --config {config}"],
            init.StdoutLines);
        Assert.True(File.Exists(Path.Combine(project, "sql", "rules", "tier_rules.csv")));
        Assert.True(File.Exists(Path.Combine(project, "templates", "report.sbn-html")));
        Directory.CreateDirectory(Path.Combine(project, "data"));
        File.Copy(Fixtures.Path("small/purchases.csv"), Path.Combine(project, "data", "purchases.csv"));
        File.Copy(Fixtures.Path("small/leads.csv"), Path.Combine(project, "data", "leads.csv"));
        var text = File.ReadAllText(config)
            .Replace("\"ads\": { \"path\": \"data/ads.csv\" }", "// no ads here", StringComparison.Ordinal)
            .Replace("\"data/leads.csv\" },", "\"data/leads.csv\" }", StringComparison.Ordinal);
        File.WriteAllText(config, text);

        var run = TestCli.Run("run", "--config", config, "--out", temp.Combine("out"));

        Assert.Equal((0, string.Empty), (run.Exit, run.Stderr));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(temp.Combine("out/crm.duckdb")));
    }

    private static void AssertOneErrorLine(CliResult result, string expected)
    {
        Assert.Equal(1, result.Exit);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(expected, Assert.Single(result.StderrLines));
    }

    private static string Words(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
