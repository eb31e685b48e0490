using System.Diagnostics;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

/// <summary>The binary as cron or systemd runs it: output into pipes, not a terminal.</summary>
public sealed class UnattendedRunTests
{
    [Fact]
    public void Quiet_run_prints_nothing_on_success()
    {
        using var temp = new TempDirectory();

        var (exit, stdout, stderr) = Crmetl("run", "--purchases", Fixtures.Path("small/purchases.csv"), "--leads", Fixtures.Path("small/leads.csv"),
            "--out", temp.Path, "--quiet");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stdout + stderr);
        Assert.True(File.Exists(Path.Combine(temp.Path, "report.html")));
    }

    [Fact]
    public void An_error_into_a_pipe_is_one_unwrapped_line_on_stderr()
    {
        using var temp = new TempDirectory();

        var (exit, stdout, stderr) = Crmetl("run", "--purchases", Fixtures.Path("malformed/bad_date.csv"), "--out", temp.Path, "--quiet");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("bad_date.csv, line 4, column 'purchase_date'", line, StringComparison.Ordinal);
        Assert.EndsWith("the refused lines are in table load_rejects.", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_into_a_pipe_is_plain_unwrapped_lines()
    {
        using var temp = new TempDirectory();

        var (exit, stdout, _) = Crmetl("run", "--purchases", Fixtures.Path("small/purchases.csv"), "--out", temp.Path);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal);
        Assert.Contains(stdout.Split('\n'), line => line.StartsWith("✓ cltv fit", StringComparison.Ordinal) && line.TrimEnd().EndsWith(" s", StringComparison.Ordinal));
        Assert.Contains(stdout.Split('\n'), line => line.StartsWith("run 1 succeeded", StringComparison.Ordinal));
        Assert.DoesNotContain("Leads", stdout, StringComparison.Ordinal);
        Assert.Contains("First Purchase", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_reads_its_query_from_a_file_or_stdin()
    {
        using var temp = new TempDirectory();
        var database = SmallProject.Run(temp.Path).DatabasePath;
        var query = "-- the first two stages\nSELECT stage, customers FROM funnel\nWHERE stage_order <= 2\nORDER BY stage_order;\n";
        var file = temp.File("stages.sql", query);
        const string expected = "stage,customers\nLeads,5\nFirst Purchase,4\n";

        Assert.Equal((0, expected, string.Empty), Crmetl(["sql", "--file", file, "--db", database, "--format", "csv"]));
        Assert.Equal((0, expected, string.Empty), Crmetl(["sql", "-", "--db", database, "--format", "csv"], stdin: query));
        var both = Crmetl("sql", "SELECT 1", "--file", file, "--db", database);
        Assert.Equal((1, "error: Give the query or --file, not both.\n"), (both.Exit, both.Stderr));
    }

    private static (int Exit, string Stdout, string Stderr) Crmetl(params string[] arguments) => Crmetl(arguments, stdin: null);

    private static (int Exit, string Stdout, string Stderr) Crmetl(string[] arguments, string? stdin)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmetl.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result.ReplaceLineEndings("\n"), stderr.ReplaceLineEndings("\n"));
    }
}
