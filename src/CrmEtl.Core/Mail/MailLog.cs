using CrmEtl.Core.Scripts;
using Dapper;

namespace CrmEtl.Core.Mail;

/// <summary>One delivery attempt, as journaled in <c>mail_log</c>: what was sent to whom, and whether it arrived at the server.</summary>
public sealed record MailLogEntry(int RunId, string Subject, string Sender, string Recipients, string Server, string? MessageId, string Status, string? Error);

/// <summary>Appends to the <c>mail_log</c> table of the output database, after the run's commit.</summary>
public static class MailLog
{
    public static void Append(string databasePath, MailLogEntry entry)
    {
        using var connection = Database.Open(databasePath);
        new RunJournal(connection).EnsureTables();
        connection.Execute(
            """
            INSERT INTO mail_log (run_id, sent_at, subject, sender, recipients, server, message_id, status, error)
            VALUES ($run_id, now()::TIMESTAMP, $subject, $sender, $recipients, $server, $message_id, $status, $error)
            """,
            new
            {
                run_id = entry.RunId, subject = entry.Subject, sender = entry.Sender, recipients = entry.Recipients,
                server = entry.Server, message_id = entry.MessageId, status = entry.Status, error = entry.Error,
            });
    }
}
