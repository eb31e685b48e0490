using CrmEtl.Cli;
using Spectre.Console.Testing;

namespace CrmEtl.Tests.TestSupport;

/// <summary>What a user sees of one command: the exit code, stdout and stderr (line endings as "\n").</summary>
internal sealed record CliResult(int Exit, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// The command tree in-process, writing to Spectre's <see cref="TestConsole"/>s that, like a pipe,
/// are not interactive, emit no colour and do not wrap.
/// </summary>
internal static class TestCli
{
    public static CliResult Run(params string[] arguments) => Run(arguments, stdin: string.Empty);

    public static CliResult Run(string[] arguments, string stdin) => Run(arguments, stdin, TimeProvider.System);

    public static CliResult Run(string[] arguments, TimeProvider clock) => Run(arguments, string.Empty, clock);

    public static CliResult Run(string[] arguments, string stdin, TimeProvider clock)
    {
        using var stdout = Pipe();
        using var stderr = Pipe();

        var exit = CliApp.Run(arguments, new CliConsole(stdout, stderr, new StringReader(stdin)) { Clock = clock });

        return new CliResult(exit, stdout.Output.ReplaceLineEndings("\n"), stderr.Output.ReplaceLineEndings("\n"));
    }

    public static TestConsole Pipe()
    {
        var console = new TestConsole();
        console.Profile.Width = CliConsole.UnwrappedWidth;
        return console;
    }
}
