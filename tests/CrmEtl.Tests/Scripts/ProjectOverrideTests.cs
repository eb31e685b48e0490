using CrmEtl.Core;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Scripts;

/// <summary>A project folder overrides the built-in sql/ and templates/ file by file.</summary>
public sealed class ProjectOverrideTests
{
    [Fact]
    public void A_project_with_only_the_tier_rules_uses_them_and_every_other_built_in_file()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        var rules = WriteBuiltIn(project, "sql/rules/tier_rules.csv");
        File.WriteAllText(rules, File.ReadAllText(rules).Replace(",any", ",all", StringComparison.Ordinal));

        var summary = SmallProject.Run(temp.Combine("out"), projectDirectory: project);

        // The same outcome as editing a full copy (TierRuleTests): with AND every buyer falls to Tier 1.
        Assert.Equal("Tier 1", Db.Scalar<string>(summary.DatabasePath, "SELECT tier FROM customer_tiers WHERE customer_id = 'C2'"));
        Assert.Equal([5L, 4, 2, 2, 0, 0, 0], SmallProject.FunnelIn(summary.DatabasePath));
        Assert.True(File.Exists(summary.ReportPath));
    }

    [Fact]
    public void A_half_filled_project_folder_runs_from_the_built_binary()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        WriteBuiltIn(project, "sql/rules/tier_rules.csv");
        var config = Path.Combine(project, "crmetl.json");
        File.WriteAllText(config, $$"""
            { "sources": { "purchases": { "path": "{{Fixtures.Path("small/purchases.csv")}}" },
                           "leads": { "path": "{{Fixtures.Path("small/leads.csv")}}" } } }
            """);

        var (exit, _, stderr) = CrmetlProcess.Run("run", "--config", config, "--out", temp.Combine("out"), "--quiet");

        Assert.Equal((0, string.Empty), (exit, stderr));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(temp.Combine("out/crm.duckdb")));
    }

    [Fact]
    public void A_project_script_adds_a_model_and_an_empty_file_switches_a_built_in_one_off()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        Write(project, "sql/post_fit/990_buyer_count.sql", "CREATE OR REPLACE TABLE buyer_count AS SELECT count(*) AS buyers FROM customer_tiers;");
        var switchedOff = ProjectFiles.BuiltInFiles.First(f => f.StartsWith("sql/tests/", StringComparison.Ordinal) && !f.StartsWith("sql/tests/rules/", StringComparison.Ordinal));
        Write(project, switchedOff, string.Empty);

        var summary = SmallProject.Run(temp.Combine("out"), projectDirectory: project);

        Assert.Equal(4, Db.Scalar<long>(summary.DatabasePath, "SELECT buyers FROM buyer_count"));
        var files = ProjectFiles.Resolve(project);
        Assert.False(File.Exists(Path.Combine(files.SqlDirectory, "..", switchedOff)));
        Assert.True(File.Exists(Path.Combine(files.SqlDirectory, "110_customer_tiers.sql")));
    }

    [Fact]
    public void A_project_partial_replaces_one_built_in_partial()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        var footer = WriteBuiltIn(project, "templates/partials/_footer.sbn-html");
        File.WriteAllText(footer, "<footer>Made by the CRM team</footer>\n");

        var summary = SmallProject.Run(temp.Combine("out"), projectDirectory: project);

        var html = File.ReadAllText(summary.ReportPath);
        Assert.Contains("<footer>Made by the CRM team</footer>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No input line was refused", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_name_a_project_file_by_its_project_path_and_the_rest_as_built_in()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        var rules = WriteBuiltIn(project, "sql/rules/tier_rules.csv");

        var files = ProjectFiles.Resolve(project);

        Assert.Equal(rules, ProjectFiles.Label(Path.Combine(files.SqlDirectory, "rules", "tier_rules.csv")));
        Assert.False(ProjectFiles.IsBuiltIn(Path.Combine(files.SqlDirectory, "rules", "tier_rules.csv")));
        Assert.Equal("built-in sql/parameters.csv", ProjectFiles.Label(Path.Combine(files.SqlDirectory, "parameters.csv")));
        Assert.Equal("built-in templates/report.sbn-html", ProjectFiles.Label(Path.Combine(files.TemplatesDirectory, "report.sbn-html")));
    }

    [Fact]
    public void A_broken_project_rule_file_is_reported_by_its_project_path()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        var rules = Write(project, "sql/rules/tier_rules.csv", "priority,tier,tier,transactions_at_least,combine\n1,Tier 1,,,any\n");

        var error = Assert.Throws<CrmEtlException>(() => SmallProject.Run(temp.Combine("out"), projectDirectory: project));

        Assert.Equal($"{rules}, line 1: column 'tier' appears twice in the header.", error.Message);
    }

    private static string WriteBuiltIn(string project, string relative) =>
        Write(project, relative, System.Text.Encoding.UTF8.GetString(ProjectFiles.ReadBuiltIn(relative)!));

    private static string Write(string project, string relative, string text)
    {
        var path = Path.Combine(project, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
