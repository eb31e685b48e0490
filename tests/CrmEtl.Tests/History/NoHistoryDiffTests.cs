using System.Text.Json;
using CrmEtl.Cli;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.Reporting;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.History;

/// <summary>
/// Against a run that kept no segment history (a database made before crmetl kept one), diff and
/// preview say so and compare only inputs, parameters and scripts: no customer "moved from (none)",
/// no rule file "new".
/// </summary>
public sealed class NoHistoryDiffTests : IDisposable
{
    private const string Note = "Run 1 has no segment history";

    private readonly TempDirectory temp = new();
    private readonly string project;
    private readonly string output;

    public NoHistoryDiffTests()
    {
        project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        output = temp.Combine("out");
        RunChangesSectionTests.ForgetHistory(Fixtures.Run(Config(), output).DatabasePath);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Diff_says_the_older_run_has_no_history_and_prints_only_what_can_be_compared()
    {
        var database = Fixtures.Run(Config(new Dictionary<string, string> { ["tier_lookback_months"] = "3" }), output).DatabasePath;

        var table = TestCli.Run("diff", "--db", database);
        var json = TestCli.Run("diff", "--db", database, "--format", "json");
        var csv = TestCli.Run("diff", "--db", database, "--format", "csv");

        Assert.Equal(0, table.Exit);
        Assert.Contains(Note, table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("(none)", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("customers moved", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("│ rule file", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("tier_lookback_months", table.Stdout, StringComparison.Ordinal);

        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal([1], document.RootElement.GetProperty("runs_without_history").EnumerateArray().Select(r => r.GetInt32()));
        Assert.Equal(0, document.RootElement.GetProperty("migrations").GetArrayLength());
        Assert.Contains(Note, json.Stderr, StringComparison.Ordinal);

        Assert.Equal(["section,name,from,to,customers", "parameter,tier_lookback_months,6,3,"], csv.StdoutLines);
        Assert.Contains(Note, csv.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_against_a_database_without_history_says_so()
    {
        using var stdout = TestCli.Pipe();
        using var stderr = TestCli.Pipe();
        var exit = RunPreview.Execute(new CliConsole(stdout, stderr, new StringReader(string.Empty)), Config(), output, quiet: true, mail: false);

        Assert.Equal(0, exit);
        Assert.Contains(Note, stdout.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(none)", stdout.Output, StringComparison.Ordinal);
        Assert.Contains("Inputs, parameters and scripts: unchanged.", stdout.Output, StringComparison.Ordinal);
    }

    private Core.Configuration.ProjectConfig Config(IReadOnlyDictionary<string, string>? parameters = null) =>
        Fixtures.Config(SmallProject.Sources(), parameters: parameters, projectDirectory: project);
}
