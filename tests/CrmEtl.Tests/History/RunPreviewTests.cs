using CrmEtl.Cli;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.History;

/// <summary><c>crmetl run --preview</c> builds beside the current outputs, replaces nothing and prints the diff.</summary>
public sealed class RunPreviewTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_preview_of_an_edited_rule_prints_who_would_move_and_leaves_the_current_outputs_alone()
    {
        var project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        var output = temp.Combine("out");
        var config = Fixtures.Config(SmallProject.Sources(), projectDirectory: project);
        var database = Fixtures.Run(config, output).DatabasePath;
        var databaseBytes = File.ReadAllBytes(database);
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        var rules = Path.Combine(project, "sql", "rules", "tier_rules.csv");
        File.WriteAllText(rules, File.ReadAllText(rules).Replace("3,Tier 2,600,3,any", "3,Tier 2,950,3,any", StringComparison.Ordinal));

        using var stdout = TestCli.Pipe();
        using var stderr = TestCli.Pipe();
        var exit = RunPreview.Execute(new CliConsole(stdout, stderr, new StringReader(string.Empty)), config, output, quiet: true, mail: false);

        Assert.Equal(0, exit);
        Assert.Contains("against the current database", stdout.Output);
        Assert.Contains("tier: 1 of 4 customers moved", stdout.Output);
        Assert.Contains("tier_rules.csv", stdout.Output);
        Assert.Equal(databaseBytes, File.ReadAllBytes(database));
        Assert.Equal(report, File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, RunPreview.Folder, "report.html")));
        Assert.Equal(2, Db.Scalar<int>(Path.Combine(output, RunPreview.Folder, "crm.duckdb"), "SELECT max(run_id) FROM runs"));
    }
}
