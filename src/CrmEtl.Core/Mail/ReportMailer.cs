using MimeKit;

namespace CrmEtl.Core.Mail;

/// <summary>Sends a report mail and journals the attempt in <c>mail_log</c>, whether it succeeded or not.</summary>
public static class ReportMailer
{
    public static MailLogEntry Deliver(MimeMessage message, SmtpSettings smtp, string databasePath, Func<string, string?>? environment = null)
    {
        var entry = new MailLogEntry(
            RunIdOf(message),
            message.Subject ?? string.Empty,
            string.Join(", ", message.From.Mailboxes.Select(m => m.Address)),
            string.Join(", ", message.GetRecipients(onlyUnique: true).Select(m => m.Address)),
            smtp.Server,
            message.MessageId,
            "sent",
            null);
        try
        {
            SmtpSender.Send(message, smtp, environment ?? Environment.GetEnvironmentVariable);
        }
        catch (MailDeliveryException e)
        {
            MailLog.Append(databasePath, entry with { Status = "failed", Error = e.Message });
            throw;
        }

        MailLog.Append(databasePath, entry);
        return entry;
    }

    /// <summary>The run a message reports (0 for a message written by hand).</summary>
    public static int RunIdOf(MimeMessage message) =>
        int.TryParse(message.Headers[ReportMessageBuilder.RunIdHeader], System.Globalization.CultureInfo.InvariantCulture, out var runId) ? runId : 0;
}
