using MimeKit;

namespace CrmEtl.Core.Mail;

/// <summary>The <c>mail</c> section of <c>crmetl.json</c>: who gets which report, and over which server.</summary>
public sealed record MailSettings(
    MailboxAddress? From,
    IReadOnlyList<MailboxAddress> To,
    IReadOnlyList<MailboxAddress> Cc,
    MailboxAddress? ReplyTo,
    string Subject,
    string? Body,
    MailAttachments Attachments,
    SmtpSettings? Smtp)
{
    public const string DefaultSubject = "{{ title }} {{ as_of }}";

    /// <summary>Report rendered into the body when the config names none: the short weekly one if there is one.</summary>
    public static readonly string[] DefaultBodies = ["funnel", "report"];

    /// <summary>What <c>--eml</c> writes without a mail section: a message to preview, addressed to nobody.</summary>
    public static MailSettings Preview { get; } = new(null, [], [], null, DefaultSubject, null, MailAttachments.None, null);
}

/// <summary>Files attached to the message: whole reports (self-contained HTML) and tables of the database as CSV.</summary>
public sealed record MailAttachments(IReadOnlyList<string> Reports, IReadOnlyList<string> Tables)
{
    public static MailAttachments None { get; } = new([], []);
}

public enum SmtpSecurity
{
    /// <summary>Plain SMTP: only for a relay on the same host or a trusted network.</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>The SMTP server. The password is never here: only the name of the environment variable holding it.</summary>
public sealed record SmtpSettings(string Host, int Port, SmtpSecurity Security, string? User, string? PasswordEnv)
{
    public static int DefaultPort(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => 25,
        SmtpSecurity.Tls => 465,
        _ => 587,
    };

    public string Server => $"{Host}:{Port}";
}
