using CrmEtl.Core;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>Prints one line per finished stage; on a terminal a spinner shows the stage under way.</summary>
internal sealed class ConsoleObserver(IAnsiConsole console, StatusContext? status) : IPipelineObserver
{
    public void StageStarted(string stage) => status?.Status($"{stage}…");

    public void Progress(string stage, string detail) => status?.Status($"{stage}: {detail}…");

    public void StageCompleted(string stage, string detail, TimeSpan elapsed) =>
        console.MarkupLine($"[green]✓[/] {Markup.Escape(stage),-16} {Markup.Escape(detail)} [grey]{elapsed.TotalSeconds:0.00} s[/]");

    public void Note(string message) =>
        console.MarkupLine($"[grey]· {Markup.Escape(message)}[/]");

    public void Warning(string message) =>
        console.MarkupLine($"[yellow]![/] {Markup.Escape(message)}");

    /// <summary>Runs the work under a spinner when the console is interactive, plainly otherwise (cron, CI), silently when quiet.</summary>
    public static T Run<T>(CliConsole console, Func<IPipelineObserver, T> work, bool quiet = false)
    {
        if (quiet)
        {
            return QuietObserver.Run(console.Errors, work);
        }

        if (!console.Interactive)
        {
            return work(new ConsoleObserver(console.Out, null));
        }

        return console.Out.Status().Spinner(Spinner.Known.Dots).Start("starting…", context => work(new ConsoleObserver(console.Out, context)));
    }
}
