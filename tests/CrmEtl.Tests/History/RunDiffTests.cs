using System.Text.Json;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.History;

/// <summary><c>crmetl diff</c>: the migration matrix per segmentation and what changed between two runs.</summary>
public sealed class RunDiffTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string project;
    private readonly string database;

    public RunDiffTests()
    {
        project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        Run();
        Run();
        var rules = Path.Combine(project, "sql", "rules", "tier_rules.csv");
        File.WriteAllText(rules, File.ReadAllText(rules).Replace("3,Tier 2,600,3,any", "3,Tier 2,950,3,any", StringComparison.Ordinal));
        database = Run(new Dictionary<string, string> { ["tier_lookback_months"] = "12" });
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void By_default_the_last_two_runs_are_compared_with_the_rule_file_and_parameter_that_changed()
    {
        var result = TestCli.Run("diff", "--db", database, "--format", "csv");

        Assert.Equal(0, result.Exit);
        var lines = result.StdoutLines;
        Assert.Equal("section,name,from,to,customers", lines[0]);
        Assert.Contains("migration,tier,Tier 2,Tier 1,1", lines);
        Assert.Contains("migration,tier,Tier 2,Tier 2,1", lines);
        Assert.Contains("migration,tier,Power User,Power User,1", lines);
        Assert.Contains("parameter,tier_lookback_months,6,12,", lines);
        Assert.Single(lines, l => l.StartsWith("rule file,tier_rules.csv,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("rule file,rfm_segments.csv", StringComparison.Ordinal) || l.StartsWith("input,", StringComparison.Ordinal) || l.StartsWith("script,", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_runs_of_the_same_inputs_and_rules_show_no_movement_and_no_changes()
    {
        var result = TestCli.Run("diff", "--db", database, "--from", "1", "--to", "2", "--format", "json");

        Assert.Equal(0, result.Exit);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("from_run").GetInt32());
        Assert.All(json.RootElement.GetProperty("migrations").EnumerateArray(),
            m => Assert.Equal(m.GetProperty("from_segment").GetString(), m.GetProperty("to_segment").GetString()));
        Assert.Equal(0, json.RootElement.GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public void The_table_shows_a_matrix_per_segmentation_and_the_changes()
    {
        var result = TestCli.Run("diff", "--db", database, "--from", "1");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Run 1 → run 3", result.Stdout);
        Assert.Contains("tier: 1 of 4 customers moved", result.Stdout);
        Assert.Contains("rfm: 0 of 4 customers moved", result.Stdout);
        Assert.Contains("tier_rules.csv", result.Stdout);
        var lines = result.Stdout.Split('\n');
        var tier = Array.FindIndex(lines, l => l.StartsWith("tier: ", StringComparison.Ordinal));
        var rfm = Array.FindIndex(lines, l => l.StartsWith("rfm: ", StringComparison.Ordinal));
        Assert.StartsWith("╭", lines[tier + 1], StringComparison.Ordinal);
        Assert.Equal("rfm: 0 of 4 customers moved: each is in the same segment in both runs.", lines[rfm].TrimEnd());
        Assert.DoesNotContain("╭", lines[rfm + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_is_not_in_the_database_is_named_with_the_runs_there_are()
    {
        var result = TestCli.Run("diff", "--db", database, "--to", "7");

        Assert.Equal(1, result.Exit);
        Assert.Contains("Run 7 is not a successful run of this database (successful runs: 1, 2, 3)", result.Stderr);
    }

    private string Run(IReadOnlyDictionary<string, string>? parameters = null) =>
        Fixtures.Run(Fixtures.Config(SmallProject.Sources(), parameters: parameters, projectDirectory: project), temp.Combine("out")).DatabasePath;
}
