using CrmEtl.Core;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Scripts;

/// <summary>An analyst's mistake in a rule table is named by file, line and column, before any model runs.</summary>
public sealed class RuleTableTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string project;
    private readonly string database;

    public RuleTableTests()
    {
        project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        database = SmallProject.Run(temp.Combine("out"), projectDirectory: project).DatabasePath;
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_stray_word_in_a_number_column_names_line_and_column()
    {
        Edit("tier_rules.csv", "2,Tier 3,1000,4,any", "2,Tier 3,1k,4,any");

        var error = RunFails();

        Assert.Contains("tier_rules.csv, line 3, column 'amount_above': \"1k\" is not a number", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void A_line_wider_than_the_header_names_its_line()
    {
        Edit("rfm_segments.csv", "3,1,2,5,5,cant_loose", "3,1,2,5,5,cant_loose,extra");

        var error = RunFails();

        Assert.Contains("rfm_segments.csv, line 4: 7 field(s) where the header has 6", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void An_unknown_combine_word_fails_the_rule_tests_with_the_rule()
    {
        Edit("tier_rules.csv", "2,Tier 3,1000,4,any", "2,Tier 3,1000,4,anyy");

        var error = RuleTestsFail();

        Assert.StartsWith("Rule tests failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("sql/tests/rules/tier_rules_are_well_formed.sql: 1 offending row(s)", error.Message);
        Assert.Contains("priority=2, tier=Tier 3, amount_above=1000, transactions_at_least=4, combine=anyy", error.Message);
        var scripts = Db.Query<string>(database, "SELECT script FROM script_log WHERE run_id = 2");
        Assert.Contains(scripts, s => s.EndsWith("tier_rules_are_well_formed.sql", StringComparison.Ordinal));
        Assert.DoesNotContain(scripts, s => s.EndsWith("110_customer_tiers.sql", StringComparison.Ordinal));
        AssertPreviousRunIntact();
    }

    [Fact]
    public void An_rf_cell_no_rule_covers_fails_the_rule_tests()
    {
        Edit("rfm_segments.csv", "3,1,2,5,5,cant_loose", "3,1,1,5,5,cant_loose");

        var error = RuleTestsFail();

        Assert.Contains("sql/tests/rules/rfm_segments_cover_the_grid.sql: 1 offending row(s)", error.Message);
        Assert.Contains("recency_score=2, frequency_score=5", error.Message);
    }

    [Fact]
    public void Column_types_follow_the_values()
    {
        File.WriteAllText(Path.Combine(project, "sql", "rules", "my_rules.csv"),
            "whole,fraction,label,since,flag,blank\n1,0.5,\"a, b\",2024-01-31,true,\n-2,3,c,2024-02-01,false,\n");

        var summary = SmallProject.Run(temp.Combine("out"), projectDirectory: project);

        var types = Db.Query<(string Name, string Type)>(summary.DatabasePath,
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'my_rules' ORDER BY ordinal_position");
        Assert.Equal([("whole", "BIGINT"), ("fraction", "DOUBLE"), ("label", "VARCHAR"), ("since", "DATE"), ("flag", "BOOLEAN"), ("blank", "VARCHAR")], types);
        Assert.Equal("a, b", Db.Scalar<string>(summary.DatabasePath, "SELECT label FROM my_rules WHERE whole = 1"));
        Assert.Equal(0, Db.Scalar<long>(summary.DatabasePath, "SELECT count(blank) FROM my_rules"));
    }

    private void Edit(string ruleFile, string line, string replacement)
    {
        var path = Path.Combine(project, "sql", "rules", ruleFile);
        var text = File.ReadAllText(path);
        Assert.Contains(line, text);
        File.WriteAllText(path, text.Replace(line, replacement, StringComparison.Ordinal));
    }

    private CrmEtlException RunFails() =>
        Assert.Throws<CrmEtlException>(() => SmallProject.Run(temp.Combine("out"), projectDirectory: project));

    /// <summary>A rule that breaks a rule test is a test failure (exit code 2), not an input error.</summary>
    private DataTestFailedException RuleTestsFail() =>
        Assert.Throws<DataTestFailedException>(() => SmallProject.Run(temp.Combine("out"), projectDirectory: project));

    private void AssertPreviousRunIntact()
    {
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(database));
        Assert.Equal(["succeeded", "failed"], Db.Query<string>(database, "SELECT status FROM runs ORDER BY run_id"));
    }
}
