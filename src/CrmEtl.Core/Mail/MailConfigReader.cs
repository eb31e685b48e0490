using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace CrmEtl.Core.Mail;

/// <summary>Reads and checks the <c>mail</c> section of <c>crmetl.json</c>; every error names its key.</summary>
public static partial class MailConfigReader
{
    private static readonly string[] Keys = ["from", "to", "cc", "replyTo", "subject", "body", "attachments", "smtp"];
    private static readonly string[] AttachmentKeys = ["reports", "tables"];
    private static readonly string[] SmtpKeys = ["host", "port", "security", "user", "passwordEnv"];

    /// <summary>The settings, or null when the config has no <c>mail</c> section.</summary>
    public static MailSettings? Read(JsonElement root, string configPath)
    {
        if (!root.TryGetProperty("mail", out var mail) || mail.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var at = new KeyPath(configPath, "mail");
        RequireObject(mail, at, Keys);
        var from = Address(mail, at, "from") ?? throw at.Error("from", "the sender is missing; write e.g. \"from\": \"CRM reports <reports@example.com>\".");
        var to = Addresses(mail, at, "to");
        if (to.Count == 0)
        {
            throw at.Error("to", "no recipient; write e.g. \"to\": [\"director@example.com\"].");
        }

        var subject = OptionalString(mail, at, "subject") ?? MailSettings.DefaultSubject;
        MailSubject.Check(subject, at.Of("subject"));
        return new MailSettings(
            from,
            to,
            Addresses(mail, at, "cc"),
            Address(mail, at, "replyTo"),
            subject,
            OptionalString(mail, at, "body"),
            ReadAttachments(mail, at),
            ReadSmtp(mail, at));
    }

    private static MailAttachments ReadAttachments(JsonElement mail, KeyPath at)
    {
        if (!mail.TryGetProperty("attachments", out var element))
        {
            return MailAttachments.None;
        }

        var path = at.Child("attachments");
        RequireObject(element, path, AttachmentKeys);
        return new MailAttachments(Names(element, path, "reports"), Names(element, path, "tables"));
    }

    private static SmtpSettings? ReadSmtp(JsonElement mail, KeyPath at)
    {
        if (!mail.TryGetProperty("smtp", out var smtp))
        {
            return null;
        }

        var path = at.Child("smtp");
        if (smtp.ValueKind == JsonValueKind.Object && smtp.TryGetProperty("password", out _))
        {
            throw path.Error("password", "a password is never read from the config file; put it in an environment variable and name that variable in \"passwordEnv\".");
        }

        RequireObject(smtp, path, SmtpKeys);
        var host = OptionalString(smtp, path, "host") ?? throw path.Error("host", "the SMTP server is missing; write e.g. \"host\": \"smtp.example.com\".");
        var security = ReadSecurity(smtp, path);
        var port = ReadPort(smtp, path) ?? SmtpSettings.DefaultPort(security);
        var user = OptionalString(smtp, path, "user");
        var passwordEnv = OptionalString(smtp, path, "passwordEnv");
        if (user is not null && passwordEnv is null)
        {
            throw path.Error("passwordEnv", $"user '{user}' needs a password: name the environment variable that holds it, e.g. \"passwordEnv\": \"CRMETL_SMTP_PASSWORD\".");
        }

        if (passwordEnv is not null && !EnvironmentName().IsMatch(passwordEnv))
        {
            throw path.Error("passwordEnv", $"'{passwordEnv}' is not an environment variable name (letters, digits and _): it names the variable, it is not the password.");
        }

        return new SmtpSettings(host, port, security, user, passwordEnv);
    }

    private static SmtpSecurity ReadSecurity(JsonElement smtp, KeyPath at) => OptionalString(smtp, at, "security")?.ToLowerInvariant() switch
    {
        null or "starttls" => SmtpSecurity.StartTls,
        "tls" or "ssl" => SmtpSecurity.Tls,
        "none" => SmtpSecurity.None,
        var other => throw at.Error("security", $"'{other}' is not one of none, starttls (port 587), tls (port 465)."),
    };

    private static int? ReadPort(JsonElement smtp, KeyPath at)
    {
        if (!smtp.TryGetProperty("port", out var element))
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var port) && port is > 0 and < 65536
            ? port
            : throw at.Error("port", $"{element.GetRawText()} is not a port number (1–65535).");
    }

    private static void RequireObject(JsonElement element, KeyPath at, string[] keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw at.Error(null, "must be an object { … }.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!keys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw at.Error(property.Name, $"unknown key; the keys here are {string.Join(", ", keys)}.");
            }
        }
    }

    private static string? OptionalString(JsonElement element, KeyPath at, string key)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw at.Error(key, "must be a non-empty string.");
    }

    private static List<string> Strings(JsonElement element, KeyPath at, string key)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [OptionalString(element, at, key)!];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw at.Error(key, "must be a string or a list of strings [\"…\", \"…\"].");
        }

        return value.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString())
            ? item.GetString()!.Trim()
            : throw at.Error($"{key}[{i}]", "must be a non-empty string.")).ToList();
    }

    private static List<MailboxAddress> Addresses(JsonElement element, KeyPath at, string key) =>
        Strings(element, at, key).Select((text, i) => ParseAddress(text, at, $"{key}[{i}]")).ToList();

    private static MailboxAddress? Address(JsonElement element, KeyPath at, string key) =>
        OptionalString(element, at, key) is { } text ? ParseAddress(text, at, key) : null;

    private static MailboxAddress ParseAddress(string text, KeyPath at, string key) =>
        MailboxAddress.TryParse(text, out var address) && address.Address.Contains('@', StringComparison.Ordinal)
            ? address
            : throw at.Error(key, $"'{text}' is not an email address; write name@example.com or \"Name <name@example.com>\".");

    private static List<string> Names(JsonElement element, KeyPath at, string key) =>
        Strings(element, at, key).Select((name, i) => Identifier().IsMatch(name)
            ? name
            : throw at.Error($"{key}[{i}]", $"'{name}' is not a {(key == "tables" ? "table" : "report")} name (letters, digits and _).")).ToList();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();

    /// <summary>A key's place in the config, for messages such as <c>crmetl.json: mail.to[1]: …</c>.</summary>
    private sealed record KeyPath(string ConfigPath, string Path)
    {
        public KeyPath Child(string key) => new(ConfigPath, $"{Path}.{key}");

        public string Of(string key) => $"{ConfigPath}: {Path}.{key}";

        public CrmEtlException Error(string? key, string message) =>
            new($"{ConfigPath}: {(key is null ? Path : $"{Path}.{key}")}: {message}");
    }
}
