using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Mail;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Mail;

/// <summary>The mail section of crmetl.json: read as written, and every mistake named by its key.</summary>
public sealed class MailConfigTests
{
    [Fact]
    public void A_full_mail_section_is_read_as_written()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", """
            {
              "mail": {
                "from": "CRM reports <reports@example.com>",
                "to": ["director@example.com", "Lead <lead@example.com>"],
                "cc": "analyst@example.com",
                "replyTo": "analyst@example.com",
                "subject": "Customers {{ as_of }}",
                "body": "funnel",
                "attachments": { "reports": ["report"], "tables": ["funnel", "ad_funnel"] },
                "smtp": { "host": "smtp.example.com", "security": "tls", "user": "reports@example.com", "passwordEnv": "CRMETL_SMTP_PASSWORD" },
              },
            }
            """);

        var mail = ConfigReader.Read(path).Mail!;

        Assert.Equal("CRM reports", mail.From!.Name);
        Assert.Equal(["director@example.com", "lead@example.com"], mail.To.Select(m => m.Address));
        Assert.Equal("analyst@example.com", Assert.Single(mail.Cc).Address);
        Assert.Equal("Customers {{ as_of }}", mail.Subject);
        Assert.Equal("funnel", mail.Body);
        Assert.Equal(["report"], mail.Attachments.Reports);
        Assert.Equal(["funnel", "ad_funnel"], mail.Attachments.Tables);
        Assert.Equal(new SmtpSettings("smtp.example.com", 465, SmtpSecurity.Tls, "reports@example.com", "CRMETL_SMTP_PASSWORD"), mail.Smtp);
    }

    [Fact]
    public void Defaults_are_starttls_on_587_a_dated_subject_and_no_attachments()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", """{ "mail": { "from": "a@example.com", "to": "b@example.com", "smtp": { "host": "smtp.example.com" } } }""");

        var mail = ConfigReader.Read(path).Mail!;

        Assert.Equal(new SmtpSettings("smtp.example.com", 587, SmtpSecurity.StartTls, null, null), mail.Smtp);
        Assert.Contains("{{ as_of }}", mail.Subject, StringComparison.Ordinal);
        Assert.Null(mail.Body);
        Assert.Equal(MailAttachments.None, mail.Attachments);
        Assert.Null(ConfigReader.Read(temp.File("none.json", "{}")).Mail);
    }

    [Theory]
    [InlineData("""{ "to": "b@example.com" }""", "mail.from: the sender is missing")]
    [InlineData("""{ "from": "a@example.com" }""", "mail.to: no recipient")]
    [InlineData("""{ "from": "a@example.com", "to": ["b@example.com", "not an address"] }""", "mail.to[1]: 'not an address' is not an email address")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "recipients": [] }""", "mail.recipients: unknown key")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "subject": "Report {{ asof }}" }""", "mail.subject: ")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "attachments": { "tables": ["funnel; DROP TABLE runs"] } }""", "mail.attachments.tables[0]: 'funnel; DROP TABLE runs' is not a table name")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "smtp": { "port": 25 } }""", "mail.smtp.host: the SMTP server is missing")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "smtp": { "host": "h", "port": 70000 } }""", "mail.smtp.port: 70000 is not a port number")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "smtp": { "host": "h", "security": "ssl3" } }""", "mail.smtp.security: 'ssl3' is not one of none, starttls")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "smtp": { "host": "h", "user": "u" } }""", "mail.smtp.passwordEnv: user 'u' needs a password")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "smtp": { "host": "h", "user": "u", "passwordEnv": "hunter 2" } }""", "mail.smtp.passwordEnv: 'hunter 2' is not an environment variable name")]
    [InlineData("""{ "from": "a@example.com", "to": "b@example.com", "smtp": { "host": "h", "user": "u", "password": "hunter2" } }""", "mail.smtp.password: a password is never read from the config file")]
    public void A_mistake_in_the_mail_section_names_its_key(string mail, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", $$"""{ "mail": {{mail}} }""");

        var error = Assert.Throws<CrmEtlException>(() => ConfigReader.Read(path));

        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mail_section_that_init_writes_commented_out_is_valid_once_uncommented()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, CrmEtl.Cli.CliApp.Run(["init", temp.Path]));
        var lines = File.ReadAllLines(temp.Combine("crmetl.json")).ToList();
        var start = lines.FindIndex(l => l.Contains("// \"mail\": {", StringComparison.Ordinal));
        Assert.True(start > 0, "init's crmetl.json shows a mail section");
        for (var i = start; i < lines.Count && lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal); i++)
        {
            lines[i] = lines[i].Replace("// ", string.Empty, StringComparison.Ordinal);
        }

        File.WriteAllLines(temp.Combine("crmetl.json"), lines);

        var mail = ConfigReader.Read(temp.Combine("crmetl.json")).Mail!;
        Assert.Equal("CRMETL_SMTP_PASSWORD", mail.Smtp!.PasswordEnv);
        Assert.Equal(["funnel"], mail.Attachments.Tables);
    }
}
