using CrmEtl.Core;
using CrmEtl.Core.Mail;

namespace CrmEtl.Cli;

/// <summary>
/// Runs a command body and turns what it throws into one documented exit code: a user error
/// prints its message (no stack trace); a bug prints its stack trace. A report mail that was not
/// delivered exits 4 (the report files are written all the same).
/// </summary>
internal static class UserErrors
{
    public const int ExitSuccess = 0;
    public const int ExitUserError = 1;
    public const int ExitTestFailed = 2;
    public const int ExitMailNotSent = 4;

    /// <summary>EX_TEMPFAIL of sysexits.h: another run writes into the same folder; try again later.</summary>
    public const int ExitOutputLocked = 75;

    /// <summary>EX_SOFTWARE of sysexits.h: an internal error, a bug to report.</summary>
    public const int ExitInternalError = 70;

    public static int Handle(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Report(console, e);
        }
    }

    /// <summary>Prints the error to stderr and returns its exit code.</summary>
    public static int Report(CliConsole console, Exception error)
    {
        switch (error)
        {
            case MailDeliveryException:
                console.Error($"mail not sent: {error.Message}");
                break;
            case CrmEtlException:
                console.Error(error.Message);
                break;
            default:
                console.Errors.Profile.Out.Writer.WriteLine($"internal error (a bug, please report it): {error}");
                break;
        }

        return ExitCodeOf(error);
    }

    public static int ExitCodeOf(Exception error) => error switch
    {
        MailDeliveryException => ExitMailNotSent,
        RunLockedException => ExitOutputLocked,
        DataTestFailedException => ExitTestFailed,
        CrmEtlException => ExitUserError,
        _ => ExitInternalError,
    };

    /// <summary>The kind of failure, for the <c>--json</c> summary.</summary>
    public static string KindOf(Exception error) => error switch
    {
        MailDeliveryException => "mail",
        RunLockedException => "locked",
        DataTestFailedException => "test",
        CrmEtlException => "input",
        _ => "internal",
    };
}
