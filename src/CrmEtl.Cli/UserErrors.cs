using CrmEtl.Core;
using CrmEtl.Core.Mail;

namespace CrmEtl.Cli;

/// <summary>
/// Runs a command body; a user error prints its message (no stack trace) and exits 1; a report
/// mail that was not delivered exits 4 (the report files are written all the same).
/// </summary>
internal static class UserErrors
{
    public const int ExitUserError = 1;
    public const int ExitMailNotSent = 4;

    public static int Handle(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (MailDeliveryException e)
        {
            console.Error($"mail not sent: {e.Message}");
            return ExitMailNotSent;
        }
        catch (CrmEtlException e)
        {
            console.Error(e.Message);
            return ExitUserError;
        }
    }
}
