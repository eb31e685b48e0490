using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CrmEtl.Core.Mail;

/// <summary>Delivers one message over SMTP with MailKit; every failure becomes a one-line <see cref="MailDeliveryException"/>.</summary>
public static partial class SmtpSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static void Send(MimeMessage message, SmtpSettings smtp, Func<string, string?> environment)
    {
        if (message.From.Mailboxes.FirstOrDefault() is null || !message.GetRecipients(onlyUnique: true).Any())
        {
            throw new MailDeliveryException("the message has no sender or no recipient; give mail.from and mail.to in crmetl.json and run again.");
        }

        var password = Password(smtp, environment);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            client.Connect(smtp.Host, smtp.Port, SocketOptions(smtp.Security));
            if (smtp.User is not null && password is not null)
            {
                client.Authenticate(smtp.User, password);
            }

            client.Send(message);
            client.Disconnect(quit: true);
        }
        catch (Exception e) when (IsDeliveryFailure(e))
        {
            throw new MailDeliveryException(OneLine(Describe(e, smtp)), e);
        }
    }

    private static string? Password(SmtpSettings smtp, Func<string, string?> environment)
    {
        if (smtp.User is null)
        {
            return null;
        }

        var password = environment(smtp.PasswordEnv!);
        return string.IsNullOrEmpty(password)
            ? throw new MailDeliveryException(
                $"the SMTP password for '{smtp.User}' is not set: environment variable {smtp.PasswordEnv} (mail.smtp.passwordEnv) is empty or missing.")
            : password;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    private static bool IsDeliveryFailure(Exception e) =>
        e is SocketException or IOException or TimeoutException or OperationCanceledException or SslHandshakeException
            or AuthenticationException or System.Security.Authentication.AuthenticationException
            or SmtpCommandException or SmtpProtocolException or ProtocolException or ServiceNotConnectedException or NotSupportedException;

    private static string Describe(Exception e, SmtpSettings smtp) => e switch
    {
        SocketException s => $"could not connect to {smtp.Server}: {ConnectFailure(s)}.",
        SslHandshakeException => $"the TLS handshake with {smtp.Server} failed; check mail.smtp.security and port (tls is usually port 465, starttls 587).",
        AuthenticationException => $"{smtp.Server} refused the login of '{smtp.User}' ({e.Message}); check mail.smtp.user and the password in {smtp.PasswordEnv}.",
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } c => $"{smtp.Server} refused recipient {c.Mailbox?.Address}: {(int)c.StatusCode} {c.Message}; nobody was sent the mail.",
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } c => $"{smtp.Server} refused sender {c.Mailbox?.Address}: {(int)c.StatusCode} {c.Message}.",
        SmtpCommandException c => $"{smtp.Server} refused the message: {(int)c.StatusCode} {c.Message}.",
        NotSupportedException => $"{smtp.Server}: {e.Message} (check mail.smtp.security).",
        _ => $"{smtp.Server}: {e.Message}",
    };

    private static string ConnectFailure(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "timed out",
        _ => e.Message,
    };

    private static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
