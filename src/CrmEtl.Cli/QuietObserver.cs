using CrmEtl.Core;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>
/// For <c>--quiet</c>: nothing on success (the CLTV notes are kept in <c>cltv_warnings</c>); when
/// the run fails, its warnings are printed to stderr with the error, since they may explain it.
/// </summary>
internal sealed class QuietObserver : IPipelineObserver
{
    private readonly List<string> warnings = [];

    public void StageStarted(string stage)
    {
    }

    public void StageCompleted(string stage, string detail, TimeSpan elapsed)
    {
    }

    public void Warning(string message) => warnings.Add(message);

    public static T Run<T>(IAnsiConsole errors, Func<IPipelineObserver, T> work)
    {
        var observer = new QuietObserver();
        try
        {
            return work(observer);
        }
        catch
        {
            foreach (var warning in observer.warnings)
            {
                errors.MarkupLine($"[yellow]![/] {Markup.Escape(warning)}");
            }

            throw;
        }
    }
}
