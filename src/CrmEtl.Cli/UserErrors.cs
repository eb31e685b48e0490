using CrmEtl.Core;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>Runs a command body; a user error prints its message (no stack trace) and exits 1.</summary>
internal static class UserErrors
{
    public const int ExitUserError = 1;

    public static int Handle(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CrmEtlException e)
        {
            Terminal.Errors().MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitUserError;
        }
    }
}
