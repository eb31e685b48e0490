using System.Text.Json;
using CrmEtl.Cli;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.Mail;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

/// <summary><c>crmetl run --json</c> and the exit codes a scheduler tells failures apart by.</summary>
public sealed class RunJsonTests
{
    [Fact]
    public void Success_prints_one_json_summary_and_nothing_else()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");

        var (exit, stdout, stderr) = CrmetlProcess.Run("run", "--purchases", Fixtures.Path("small/purchases.csv"),
            "--leads", Fixtures.Path("small/leads.csv"), "--out", output, "--json");

        Assert.Equal((0, string.Empty), (exit, stderr));
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(1, root.GetProperty("runId").GetInt32());
        Assert.Equal("2024-04-01", root.GetProperty("asOf").GetString());
        Assert.Equal(Path.Combine(output, "crm.duckdb"), root.GetProperty("database").GetString());
        Assert.True(root.GetProperty("stages").GetProperty("load").GetDouble() >= 0);
        Assert.True(root.GetProperty("stages").TryGetProperty("report", out _));
        var inputs = root.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("source").GetString()!, i => i.GetProperty("rows").GetInt64());
        Assert.Equal(["leads", "purchases"], inputs.Keys.Order());
        Assert.Equal(5, inputs["leads"]);
        var report = root.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "report");
        Assert.Equal(Path.Combine(output, "report.html"), report.GetProperty("path").GetString());
        Assert.Equal(Path.Combine(output, "reports", "2024-04-01", "report.html"), report.GetProperty("archived").GetString());
        Assert.True(File.Exists(report.GetProperty("archived").GetString()));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public void An_input_error_is_a_failed_summary_and_exit_code_1()
    {
        using var temp = new TempDirectory();

        var (exit, stdout, stderr) = CrmetlProcess.Run("run", "--purchases", Fixtures.Path("malformed/bad_date.csv"), "--out", temp.Path, "--json");

        Assert.Equal(1, exit);
        var root = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("input", root.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("bad_date.csv, line 4", root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_error_before_the_run_is_json_too()
    {
        var result = TestCli.Run("run", "--purchases", "x.csv", "--as-of", "someday", "--json");

        Assert.Equal(1, result.Exit);
        var root = JsonDocument.Parse(Assert.Single(result.StdoutLines)).RootElement;
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Contains("'someday' is not a date", root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_rule_test_exits_2_with_and_without_json()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        var rules = Path.Combine(project, "sql", "rules", "tier_rules.csv");
        var edited = File.ReadAllText(rules).Replace("2,Tier 3,1000,4,any", "2,Tier 3,1000,4,anyy", StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllText(rules), edited);
        File.WriteAllText(rules, edited);
        var config = temp.File("project/crmetl.json", $$"""{ "sources": { "purchases": { "path": {{JsonSerializer.Serialize(Fixtures.Path("small/purchases.csv"))}} } } }""");

        var plain = TestCli.Run("run", "--config", config, "--out", temp.Combine("out"), "--quiet");
        var json = TestCli.Run("run", "--config", config, "--out", temp.Combine("out"), "--json");

        Assert.Equal(2, plain.Exit);
        Assert.StartsWith("error: Rule tests failed:", plain.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, json.Exit);
        var error = JsonDocument.Parse(Assert.Single(json.StdoutLines)).RootElement.GetProperty("error");
        Assert.Equal("test", error.GetProperty("kind").GetString());
        Assert.StartsWith("Rule tests failed:", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Undelivered_mail_exits_4_and_the_summary_still_names_the_run()
    {
        using var temp = new TempDirectory();
        var config = MailProject.WriteConfig(temp, MailProject.PlainSmtp(SmtpSink.ClosedPort()));

        var (exit, stdout, stderr) = CrmetlProcess.Run("run", "--config", config, "--out", temp.Combine("out"), "--send", "--json");

        Assert.Equal(4, exit);
        var root = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(("failed", 4, "mail"), (root.GetProperty("status").GetString(), root.GetProperty("exitCode").GetInt32(),
            root.GetProperty("error").GetProperty("kind").GetString()));
        Assert.Equal(1, root.GetProperty("runId").GetInt32());
        Assert.StartsWith("error: mail not sent:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bug_exits_70_with_its_stack_trace_on_stderr()
    {
        using var stdout = TestCli.Pipe();
        using var stderr = TestCli.Pipe();
        var console = new CliConsole(stdout, stderr, new StringReader(string.Empty));

        var exit = UserErrors.Handle(console, () => throw new InvalidOperationException("boom"));

        Assert.Equal(70, exit);
        Assert.Empty(stdout.Output);
        Assert.Contains("System.InvalidOperationException: boom", stderr.Output, StringComparison.Ordinal);
        Assert.Contains(" at ", stderr.Output, StringComparison.Ordinal);
    }
}
