using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>
/// Console set-up. Into a pipe or a log file (cron, systemd, CI) lines are not wrapped at 80
/// columns, so that one message stays one line for grep and for the mail cron sends.
/// </summary>
internal static class Terminal
{
    private const int UnwrappedWidth = 4096;

    public static void Configure()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = UnwrappedWidth;
        }
    }

    public static IAnsiConsole Errors()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }
}
