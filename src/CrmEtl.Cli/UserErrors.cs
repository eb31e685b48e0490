using CrmEtl.Core;

namespace CrmEtl.Cli;

/// <summary>Runs a command body; a user error prints its message (no stack trace) and exits 1.</summary>
internal static class UserErrors
{
    public const int ExitUserError = 1;

    public static int Handle(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CrmEtlException e)
        {
            console.Error(e.Message);
            return ExitUserError;
        }
    }
}
