using System.Text;
using System.Text.RegularExpressions;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Validation;

/// <summary><c>crmetl validate</c> on projects with one mistake each, then several, and on the built-in files.</summary>
public sealed class ValidateCommandTests
{
    private const string TierScript = "sql/110_customer_tiers.sql";

    [Fact]
    public void The_built_in_project_with_the_sample_files_passes()
    {
        using var temp = new TempDirectory();

        var result = TestCli.Run("validate", "--project", temp.Path,
            "--purchases", Fixtures.Path("small/purchases.csv"), "--leads", Fixtures.Path("small/leads.csv"));

        Assert.Equal((0, string.Empty), (result.Exit, result.Stderr));
        var scripts = ProjectFiles.BuiltInFiles.Count(f => f.EndsWith(".sql", StringComparison.Ordinal));
        var rules = ProjectFiles.BuiltInFiles.Count(f => f.StartsWith("sql/rules/", StringComparison.Ordinal));
        var templates = ProjectFiles.BuiltInFiles.Count(f => f.StartsWith("templates/", StringComparison.Ordinal));
        Assert.Matches($@"^ok: {scripts} scripts, {rules} rule tables, {templates} templates, 2 source file\(s\) checked in \d+\.\d\d s\.$", Assert.Single(result.StdoutLines));
    }

    [Fact]
    public void A_misspelt_column_in_a_project_script_is_named_by_file_line_and_column()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        var (line, column) = Misspell(temp, TierScript, "t.amount END", "t.amount_total END");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        var problem = Assert.Single(result.StdoutLines, l => !l.StartsWith("note:", StringComparison.Ordinal));
        Assert.StartsWith($"{temp.Combine(TierScript)}, line {line}, column {column}: Binder Error: ", problem, StringComparison.Ordinal);
        Assert.Contains("\"amount_total\"", problem, StringComparison.Ordinal);
        Assert.StartsWith("error: 1 problem(s) (", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void The_scripts_after_a_failing_project_script_are_checked_against_the_built_in_one()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        Misspell(temp, TierScript, "t.amount END", "t.amount_total END");
        var (line, _) = Misspell(temp, "sql/120_funnel.sql", "FROM customer_tiers", "FROM customer_tierz");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        Assert.Contains(result.StdoutLines, l => l.StartsWith($"{temp.Combine(TierScript)}, line ", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith($"{temp.Combine("sql/120_funnel.sql")}, line {line}, ", StringComparison.Ordinal) && l.Contains("customer_tierz", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StdoutLines, l => l.Contains("built-in sql/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_rule_table_and_a_rule_that_fails_its_rule_test_are_named_by_line()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        temp.File("sql/rules/tier_rules.csv", "priority,tier,amount_above,transactions_at_least,combine\n1,Power User,2000,7,any\n2,Tier 3,1000,4,sometimes\n3,Tier 1,,,any\n");
        temp.File("sql/rules/rfm_segments.csv", "segment,recency_from,recency_to\nchampions,4,5,extra\n");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        Assert.Contains(
            $"{temp.Combine("sql/rules/tier_rules.csv")}, line 3: fails the rule test tests/rules/tier_rules_are_well_formed.sql " +
            "(priority=2, tier=Tier 3, amount_above=1000, transactions_at_least=4, combine=sometimes); " +
            "the test: Each tier rule names its tier, combines its thresholds with 'any' or 'all', has a distinct priority, and thresholds that are not negative.",
            result.StdoutLines);
        Assert.Contains(
            $"{temp.Combine("sql/rules/rfm_segments.csv")}, line 2: 4 field(s) where the header has 3 (segment,recency_from,recency_to).",
            result.StdoutLines);
        // The broken table is replaced by the built-in one for the rest of the checks: nothing else is reported.
        Assert.Equal(2, result.StdoutLines.Count(l => !l.StartsWith("note:", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_rule_table_without_a_column_the_scripts_read_is_named_with_the_header_they_need()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        temp.File("sql/rules/tier_rules.csv", "priority,tier,amount_above,transactions_at_least\n1,Power User,2000,7\n2,Tier 1,,\n");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        Assert.Equal(
            $"{temp.Combine("sql/rules/tier_rules.csv")}, line 1: the header lacks 'combine'; the scripts read the columns " +
            "priority,tier,amount_above,transactions_at_least,combine (the built-in table's header).",
            result.StdoutLines[0]);
    }

    [Fact]
    public void A_template_syntax_error_is_named_by_line_and_column()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        temp.File("templates/partials/_footer.sbn-html", "<footer>\n  <p>{{ run.run_id + }}</p>\n</footer>\n");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        var problem = Assert.Single(result.StdoutLines, l => !l.StartsWith("note:", StringComparison.Ordinal));
        Assert.Matches($@"^{Regex.Escape(temp.Combine("templates/partials/_footer.sbn-html"))}, line 2, column \d+: .+", problem);
    }

    [Fact]
    public void A_partial_switched_off_by_an_empty_file_is_no_problem_as_the_run_renders_it_as_nothing()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        temp.File("templates/partials/_footer.sbn-html", string.Empty);

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(0, result.Exit);
        Assert.DoesNotContain(result.StdoutLines, l => l.Contains("_footer", StringComparison.Ordinal));
    }

    [Fact]
    public void An_include_of_a_partial_that_exists_nowhere_is_named_at_the_include()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        temp.File("templates/mine.sbn-html", "<html>\n<body>\n{{ include 'partials/_nowhere.sbn-html' }}\n</body>\n</html>\n");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        var problem = Assert.Single(result.StdoutLines, l => !l.StartsWith("note:", StringComparison.Ordinal));
        Assert.Equal(
            $"{temp.Combine("templates/mine.sbn-html")}, line 3, column 4: includes 'partials/_nowhere.sbn-html', which is neither in the " +
            "project's templates/ folder nor built in. Add the file, or remove the include.",
            problem);
    }

    [Fact]
    public void A_parameters_file_without_a_parameter_the_run_reads_is_a_problem_not_a_crash()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        var builtIn = File.ReadAllLines(Path.Combine(ProjectFiles.Resolve(null).SqlDirectory, "parameters.csv"));
        temp.File("sql/parameters.csv", string.Join('\n', builtIn.Where(l => !l.StartsWith("cltv_model,", StringComparison.Ordinal))) + "\n");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith(
            "parameter 'cltv_model' is not in sql/parameters.csv; the run needs it.",
            Assert.Single(result.StdoutLines, l => !l.StartsWith("note:", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_source_file_and_a_mapping_of_a_column_the_header_lacks_are_named_with_the_config_line()
    {
        using var temp = new TempDirectory();
        temp.File("data/customers.csv", "master_id,orders_online,orders_offline\nA,1,2\n");
        temp.File("data/purchases.csv", "cust,purchase_date,amount\nC1,2024-01-02,10\n");
        var config = temp.File("crmetl.json", """
            {
              "sources": {
                "leads": { "path": "data/leads.csv" },
                "purchases": { "path": "data/purchases.csv" },
                "customers": {
                  "path": "data/customers.csv",
                  "columns": { "customer_id": "master_id", "frequency": "orders_online + orders_ofline" }
                }
              }
            }
            """);

        var result = TestCli.Run("validate", "--config", config);

        Assert.Equal(1, result.Exit);
        Assert.Equal(
            [
                $"{temp.Combine("data/purchases.csv")}, line 1 (header): missing column 'customer_id' for the purchases source. The file has: cust, purchase_date, amount. " +
                "Rename the column, or map it in crmetl.json under sources.purchases.columns.",
                $"{config}, line 3: sources.leads.path: {temp.Combine("data/leads.csv")}: file not found.",
                $"{config}, line 7: sources.customers.columns.frequency (\"orders_online + orders_ofline\") is not valid SQL over the columns of " +
                $"{temp.Combine("data/customers.csv")} (master_id, orders_online, orders_offline): Binder Error: Referenced column \"orders_ofline\" not found in FROM clause!",
            ],
            result.StdoutLines);
    }

    [Fact]
    public void Several_problems_are_all_reported_at_once()
    {
        using var temp = new TempDirectory();
        var config = temp.File("crmetl.json", """
            {
              "sources": { "purchases": { "path": "data/purchases.csv" } },
              "parameters": { "tier_lookback_months": 0, "cltv_model": "bgnbd2" }
            }
            """);
        Misspell(temp, TierScript, "t.amount END", "t.amount_total END");
        temp.File("sql/rules/tier_rules.csv", "priority,tier,amount_above,transactions_at_least,combine\n1,Power User,2000,7\n");
        temp.File("templates/funnel.sbn-html", "{{ if title }}\n");
        temp.File("sql/my_model.sql", "SELECT 1;");

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal(1, result.Exit);
        string[] expectedStarts =
        [
            $"{temp.Combine("sql/my_model.sql")}: script names start with a three-digit number",
            $"{config}, line 3: parameter 'tier_lookback_months' is '0'; it must be a number ≥ 1.",
            $"{config}, line 3: parameter 'cltv_model' is 'bgnbd2'; it must be one of ",
            $"{config}, line 2: sources.purchases.path: {temp.Combine("data/purchases.csv")}: file not found.",
            $"{temp.Combine("sql/rules/tier_rules.csv")}, line 2: 4 field(s) where the header has 5",
            $"{temp.Combine(TierScript)}, line ",
            $"{temp.Combine("templates/funnel.sbn-html")}, line ",
        ];
        var problems = result.StdoutLines.Where(l => !l.StartsWith("note:", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedStarts.Length, problems.Count);
        foreach (var (start, problem) in expectedStarts.Zip(problems))
        {
            Assert.StartsWith(start, problem, StringComparison.Ordinal);
        }

        Assert.StartsWith($"error: {expectedStarts.Length} problem(s) (", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_that_does_not_parse_is_one_problem_and_the_project_files_are_still_checked()
    {
        using var temp = new TempDirectory();
        var config = temp.File("crmetl.json", "{\n  \"sources\": {\n    \"purchases\": { \"path\": \"x.csv\" }\n");
        Misspell(temp, TierScript, "t.amount END", "t.amount_total END");

        var result = TestCli.Run("validate", "--config", config);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith($"{config}, line ", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.Contains("not valid JSON", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{temp.Combine(TierScript)}, line ", result.StdoutLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_folder_without_a_config_is_checked_and_told_that_run_needs_one()
    {
        using var temp = new TempDirectory();
        temp.File("sql/rules/tier_rules.csv", File.ReadAllText(Path.Combine(ProjectFiles.Resolve(null).SqlDirectory, "rules/tier_rules.csv")));

        var result = TestCli.Run("validate", "--project", temp.Path);

        Assert.Equal((0, string.Empty), (result.Exit, result.Stderr));
        Assert.Contains(
            $"note: {temp.Path} has no crmetl.json: `crmetl run` uses a project's files only through its config (--config {temp.Combine("crmetl.json")}). " +
            $"`crmetl init {temp.Path}` writes one next to your files (it keeps the files you have).",
            result.StdoutLines);
        Assert.StartsWith("ok: ", result.StdoutLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_exits_1_on_a_problem_and_0_once_it_is_fixed()
    {
        using var temp = new TempDirectory();
        temp.File("crmetl.json", "{}");
        Misspell(temp, TierScript, "t.amount END", "t.amount_total END");

        var broken = CrmetlProcess.Run("validate", "--project", temp.Path);
        File.Delete(temp.Combine(TierScript));
        var fixedProject = CrmetlProcess.Run("validate", "--project", temp.Path);

        Assert.Equal(1, broken.Exit);
        Assert.Contains(temp.Combine(TierScript) + ", line ", broken.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("error: 1 problem(s)", broken.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, string.Empty), (fixedProject.Exit, fixedProject.Stderr));
        Assert.StartsWith("ok: ", fixedProject.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    /// <summary>Writes the built-in script into the project with one text replaced; returns the line and column of the replacement.</summary>
    private static (int Line, int Column) Misspell(TempDirectory project, string script, string text, string misspelt)
    {
        var builtIn = Encoding.UTF8.GetString(ProjectFiles.ReadBuiltIn(script)!);
        Assert.Contains(text, builtIn, StringComparison.Ordinal);
        var index = builtIn.IndexOf(text, StringComparison.Ordinal);
        var line = builtIn[..index].Count(c => c == '\n') + 1;
        var column = index - builtIn.LastIndexOf('\n', index - 1);
        project.File(script, builtIn[..index] + misspelt + builtIn[(index + text.Length)..]);
        return (line, column);
    }
}
