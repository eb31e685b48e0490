using System.CommandLine;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>
/// Where the commands write and read: the process's stdout, stderr and stdin, or in tests
/// Spectre's <c>TestConsole</c>s and a <see cref="StringReader"/>, so a test sees what a user sees.
/// </summary>
/// <param name="Out">Progress, tables and results (stdout).</param>
/// <param name="Errors">One line per error, and a failed quiet run's warnings (stderr).</param>
/// <param name="In">A query given as <c>-</c> (stdin).</param>
internal sealed record CliConsole(IAnsiConsole Out, IAnsiConsole Errors, TextReader In)
{
    /// <summary>
    /// Into a pipe or a log file (cron, systemd, CI) lines are not wrapped at 80 columns, so that
    /// one message stays one line for grep and for the mail cron sends.
    /// </summary>
    public const int UnwrappedWidth = 4096;

    /// <summary>Today's date for a relative <c>--as-of</c> ("yesterday"); tests fix it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static CliConsole ForProcess()
    {
        var output = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = UnwrappedWidth;
        }

        var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            errors.Profile.Width = UnwrappedWidth;
        }

        return new CliConsole(output, errors, Console.In);
    }

    /// <summary>Help goes where the output goes and parse errors where errors go.</summary>
    public InvocationConfiguration Invocation() => new() { Output = Out.Profile.Out.Writer, Error = Errors.Profile.Out.Writer };

    /// <summary>A user error: one line, no stack trace.</summary>
    public void Error(string message) => Errors.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>A terminal a person watches: a spinner shows the stage under way.</summary>
    public bool Interactive => Out.Profile.Capabilities.Interactive;
}
