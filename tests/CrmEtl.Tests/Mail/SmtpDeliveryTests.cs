using CrmEtl.Cli;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Mail;
using CrmEtl.Tests.TestSupport;
using MimeKit;

namespace CrmEtl.Tests.Mail;

/// <summary>Delivery through a real SMTP server on 127.0.0.1, and the ways it fails.</summary>
public sealed class SmtpDeliveryTests
{
    private sealed record MailLogRow(int run_id, string subject, string sender, string recipients, string server, string status, string? error);

    private static List<MailLogRow> MailLog(string outputDirectory) => Db.Query<MailLogRow>(
        Path.Combine(outputDirectory, "crm.duckdb"),
        "SELECT run_id, subject, sender, recipients, server, status, error FROM mail_log ORDER BY sent_at");

    [SkippableFact]
    public void Run_send_delivers_the_report_to_every_recipient_and_journals_it()
    {
        using var sink = SmtpSink.Start();
        using var temp = new TempDirectory();
        var config = MailProject.WriteConfig(temp, MailProject.PlainSmtp(sink.Port));
        var output = temp.Combine("out");

        Assert.Equal(0, CliApp.Run(["run", "--config", config, "--out", output, "--send"]));

        var received = Assert.Single(sink.Received());
        Assert.Equal("reports@example.com", received.MailFrom);
        Assert.Equal([.. MailProject.To, MailProject.Cc], received.Recipients);
        Assert.Equal("Customer lifecycle report 2024-04-01", received.Message.Subject);
        Assert.Contains("First Purchase", received.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains(">First Purchase</td>", received.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(MimeMessage.Load(Path.Combine(output, "funnel.eml")).MessageId, received.Message.MessageId);
        var row = Assert.Single(MailLog(output));
        Assert.Equal(new MailLogRow(1, received.Message.Subject!, "reports@example.com",
            "director@example.com, lead@example.com, analyst@example.com", $"127.0.0.1:{sink.Port}", "sent", null), row);
    }

    [SkippableFact]
    public void Every_cid_image_arrives_as_an_inline_part_next_to_the_html()
    {
        using var sink = SmtpSink.Start();
        using var temp = new TempDirectory();
        var summary = MailProject.WithChartedFunnelReport(SmallProject.Run(temp.Path));
        var settings = ConfigReader.Read(MailProject.WriteConfig(temp, MailProject.PlainSmtp(sink.Port))).Mail!;
        var (_, message) = ReportMail.Write(summary, settings, temp.Path);

        ReportMailer.Deliver(message, settings.Smtp!, summary.DatabasePath);

        var received = Assert.Single(sink.Received()).Message;
        Assert.IsType<MultipartAlternative>(received.Body);
        ReportMessageTests.AssertEveryCidResolves(received, summary.Reports[0]);
    }

    [SkippableFact]
    public void The_login_takes_its_password_from_the_environment_and_never_writes_it_down()
    {
        const string password = "s3cret-Pa55";
        using var sink = SmtpSink.Start("--auth", $"reports:{password}");
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);
        var smtp = new SmtpSettings("127.0.0.1", sink.Port, SmtpSecurity.None, "reports", "CRMETL_TEST_SMTP_PASSWORD");
        var settings = ConfigReader.Read(MailProject.WriteConfig(temp, null)).Mail! with { Smtp = smtp };
        var (path, message) = ReportMail.Write(summary, settings, temp.Path);

        ReportMailer.Deliver(message, smtp, summary.DatabasePath, name => name == smtp.PasswordEnv ? password : null);
        var wrong = Assert.Throws<MailDeliveryException>(() => ReportMailer.Deliver(message, smtp, summary.DatabasePath, _ => "wrong"));
        var unset = Assert.Throws<MailDeliveryException>(() => ReportMailer.Deliver(message, smtp, summary.DatabasePath, _ => null));

        Assert.Equal("reports", Assert.Single(sink.Received()).Login);
        Assert.StartsWith($"127.0.0.1:{sink.Port} refused the login of 'reports' (", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("check mail.smtp.user and the password in CRMETL_TEST_SMTP_PASSWORD", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable CRMETL_TEST_SMTP_PASSWORD (mail.smtp.passwordEnv) is empty or missing", unset.Message, StringComparison.Ordinal);
        Assert.Equal(["sent", "failed", "failed"], MailLog(temp.Path).Select(r => r.status));
        var everything = string.Join('\n', MailLog(temp.Path).Select(r => r.ToString())) + File.ReadAllText(path) + wrong.Message;
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_rejected_recipient_is_exit_code_4_a_failed_journal_row_and_nothing_sent()
    {
        using var sink = SmtpSink.Start("--reject", MailProject.To[1]);
        using var temp = new TempDirectory();
        var config = MailProject.WriteConfig(temp, MailProject.PlainSmtp(sink.Port));
        var output = temp.Combine("out");
        Assert.Equal(0, CliApp.Run(["run", "--config", config, "--out", output, "--quiet"]));
        Assert.True(File.Exists(Path.Combine(output, "funnel.eml")), "a mail section writes the .eml without sending it");
        Assert.Empty(MailLog(output));

        Assert.Equal(UserErrors.ExitMailNotSent, CliApp.Run(["send", "--config", config, "--out", output]));

        Assert.Empty(sink.Received());
        var row = Assert.Single(MailLog(output));
        Assert.Equal(("failed", 1), (row.status, row.run_id));
        Assert.StartsWith($"127.0.0.1:{sink.Port} refused recipient lead@example.com: 550 ", row.error, StringComparison.Ordinal);
        Assert.EndsWith("nobody was sent the mail.", row.error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Send_delivers_the_last_runs_eml_and_the_journal_keeps_it_across_runs()
    {
        using var sink = SmtpSink.Start();
        using var temp = new TempDirectory();
        var config = MailProject.WriteConfig(temp, MailProject.PlainSmtp(sink.Port));
        var output = temp.Combine("out");
        Assert.Equal(0, CliApp.Run(["run", "--config", config, "--out", output, "--quiet"]));
        var written = MimeMessage.Load(Path.Combine(output, "funnel.eml"));

        Assert.Equal(0, CliApp.Run(["send", "--config", config, "--out", output]));
        Assert.Equal(0, CliApp.Run(["run", "--config", config, "--out", output, "--quiet"]));

        Assert.Equal(written.MessageId, Assert.Single(sink.Received()).Message.MessageId);
        Assert.Equal([(1, "sent")], MailLog(output).Select(r => (r.run_id, r.status)));
    }

    [SkippableFact]
    public void A_server_without_tls_fails_a_tls_or_starttls_connection_in_one_line()
    {
        using var sink = SmtpSink.Start();
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);
        var settings = ConfigReader.Read(MailProject.WriteConfig(temp, MailProject.PlainSmtp(sink.Port))).Mail!;
        var (_, message) = ReportMail.Write(summary, settings, temp.Path);

        var tls = Assert.Throws<MailDeliveryException>(() =>
            ReportMailer.Deliver(message, settings.Smtp! with { Security = SmtpSecurity.Tls }, summary.DatabasePath));
        var startTls = Assert.Throws<MailDeliveryException>(() =>
            ReportMailer.Deliver(message, settings.Smtp! with { Security = SmtpSecurity.StartTls }, summary.DatabasePath));

        Assert.StartsWith($"the TLS handshake with 127.0.0.1:{sink.Port} failed", tls.Message, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", startTls.Message, StringComparison.Ordinal);
        Assert.All(new[] { tls.Message, startTls.Message }, m => Assert.DoesNotContain('\n', m));
        Assert.Empty(sink.Received());
    }

    [Fact]
    public void Connection_refused_is_one_line_on_stderr_exit_code_4_and_the_report_is_still_written()
    {
        using var temp = new TempDirectory();
        var port = SmtpSink.ClosedPort();
        var config = MailProject.WriteConfig(temp, MailProject.PlainSmtp(port));
        var output = temp.Combine("out");

        var (exit, stdout, stderr) = CrmetlProcess.Run("run", "--config", config, "--out", output, "--send", "--quiet");

        Assert.Equal((4, string.Empty), (exit, stdout));
        Assert.Equal($"error: mail not sent: could not connect to 127.0.0.1:{port}: connection refused.\n", stderr);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "funnel.eml")));
        Assert.Equal("succeeded", Db.Scalar<string>(Path.Combine(output, "crm.duckdb"), "SELECT status FROM runs WHERE run_id = 1"));
        var row = Assert.Single(MailLog(output));
        Assert.Equal(("failed", $"could not connect to 127.0.0.1:{port}: connection refused."), (row.status, row.error));
    }

    [Fact]
    public void Send_without_an_smtp_server_in_the_config_is_a_user_error_before_the_run()
    {
        using var temp = new TempDirectory();
        var config = MailProject.WriteConfig(temp, smtp: null);

        Assert.Equal(UserErrors.ExitUserError, CliApp.Run(["run", "--config", config, "--out", temp.Combine("out"), "--send"]));
        Assert.False(Directory.Exists(temp.Combine("out")), "the run did not start");
        Assert.Equal(UserErrors.ExitUserError, CliApp.Run(["send", "--config", config, "--out", temp.Combine("out")]));
    }
}
