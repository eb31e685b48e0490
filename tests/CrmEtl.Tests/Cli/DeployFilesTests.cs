using CrmEtl.Cli;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

/// <summary>The command lines of deploy/ stay valid crmetl commands as options change.</summary>
public sealed class DeployFilesTests
{
    [Theory]
    [InlineData("crmetl-nightly.service", "ExecStart=/usr/local/bin/crmetl ")]
    [InlineData("crontab", "/usr/local/bin/crmetl ")]
    public void The_nightly_command_line_parses(string file, string prefix)
    {
        var line = File.ReadAllLines(Path.Combine(DeployFolder(), file)).Single(l => l.Contains(prefix, StringComparison.Ordinal) && !l.StartsWith('#'));
        var arguments = line[(line.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        using var stdout = TestCli.Pipe();
        using var stderr = TestCli.Pipe();
        var parsed = CliApp.Build(new CliConsole(stdout, stderr, new StringReader(string.Empty))).Parse(arguments);

        Assert.Empty(parsed.Errors);
        Assert.Equal("run", parsed.CommandResult.Command.Name);
        Assert.Contains("--send", arguments);
        Assert.Equal("yesterday", arguments[Array.IndexOf(arguments, "--as-of") + 1]);
    }

    private static string DeployFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var deploy = Path.Combine(directory.FullName, "deploy");
            if (File.Exists(Path.Combine(deploy, "crmetl-nightly.timer")))
            {
                return deploy;
            }
        }

        throw new DirectoryNotFoundException("deploy/ not found above " + AppContext.BaseDirectory);
    }
}
