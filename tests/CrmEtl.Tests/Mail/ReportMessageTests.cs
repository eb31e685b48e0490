using AngleSharp.Html.Parser;
using CrmEtl.Core.Mail;
using CrmEtl.Core.Reporting;
using CrmEtl.Tests.TestSupport;
using MimeKit;

namespace CrmEtl.Tests.Mail;

/// <summary>The report mail as written to out/NAME.eml, read back as a mail client reads it.</summary>
public sealed class ReportMessageTests
{
    private static MailSettings Settings(MailAttachments? attachments = null, string? body = null) => new(
        MailboxAddress.Parse(MailProject.From),
        [.. MailProject.To.Select(MailboxAddress.Parse)],
        [MailboxAddress.Parse(MailProject.Cc)],
        MailboxAddress.Parse("analyst@example.com"),
        MailSettings.DefaultSubject,
        body,
        attachments ?? MailAttachments.None,
        null);

    [Fact]
    public void Eml_has_a_text_alternative_an_html_body_with_every_cid_image_inline_and_the_attachments()
    {
        using var temp = new TempDirectory();
        var summary = MailProject.WithChartedFunnelReport(SmallProject.Run(temp.Path));
        var settings = Settings(new MailAttachments(["report"], ["funnel"]));

        var (path, _) = ReportMail.Write(summary, settings, temp.Path);

        Assert.Equal(Path.Combine(temp.Path, "funnel.eml"), path);
        var message = MimeMessage.Load(path);
        Assert.Equal("Customer lifecycle report 2024-04-01", message.Subject);
        Assert.Equal(MailProject.To, message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(MailProject.Cc, Assert.Single(message.Cc.Mailboxes).Address);
        Assert.Equal("reports@example.com", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("analyst@example.com", Assert.Single(message.ReplyTo.Mailboxes).Address);
        Assert.Equal("1", message.Headers[ReportMessageBuilder.RunIdHeader]);

        var mixed = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        Assert.Equal("text/html", related.Root!.ContentType.MimeType);
        AssertEveryCidResolves(message, summary.Reports[0]);

        var attachments = message.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName!);
        Assert.Equal(["report.html", "funnel.csv"], attachments.Keys);
        Assert.Equal(summary.Reports[1].StandaloneHtml(), Text(attachments["report.html"]));
        var csv = Text(attachments["funnel.csv"]).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("stage,stage_order,customers,conversion_rate,share_of_leads", csv[0]);
        Assert.Equal(SmallProject.Funnel.Length + 1, csv.Length);
        Assert.StartsWith("First Purchase,2,4,0.8", csv[2], StringComparison.Ordinal);
    }

    /// <summary>Every <c>cid:</c> of the HTML body names an inline image/png part of the same multipart/related, with the report's bytes.</summary>
    internal static void AssertEveryCidResolves(MimeMessage message, RenderedReport report)
    {
        var document = new HtmlParser().ParseDocument(message.HtmlBody!);
        var sources = document.QuerySelectorAll("img").Select(i => i.GetAttribute("src")!).ToList();
        Assert.Equal(report.Images.Count, sources.Count);
        var related = message.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null).ToDictionary(p => p.ContentId!);
        foreach (var source in sources)
        {
            Assert.StartsWith("cid:", source, StringComparison.Ordinal);
            var part = related[source["cid:".Length..]];
            Assert.Equal("image/png", part.ContentType.MimeType);
            Assert.Equal(ContentDisposition.Inline, part.ContentDisposition!.Disposition);
            using var bytes = new MemoryStream();
            part.Content!.DecodeTo(bytes);
            Assert.Equal(report.Images.Single(i => i.ContentId == part.ContentId).Png, bytes.ToArray());
        }
    }

    [Fact]
    public void Without_images_or_attachments_the_body_is_text_and_html_alternatives()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);

        var (path, _) = ReportMail.Write(summary, MailSettings.Preview, temp.Path);

        Assert.Equal(Path.Combine(temp.Path, "funnel.eml"), path);
        var alternative = Assert.IsType<MultipartAlternative>(MimeMessage.Load(path).Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
    }

    [Fact]
    public void Plain_text_has_the_headline_and_the_funnel_in_aligned_columns()
    {
        using var temp = new TempDirectory();
        var text = PlainTextReport.Render(SmallProject.Run(temp.Path).Report).ReplaceLineEndings("\n");
        var lines = text.Split('\n');

        Assert.Contains("As of 2024-04-01 (run 1)", lines);
        Assert.Contains(lines, l => l.StartsWith("Buyers", StringComparison.Ordinal) && l.EndsWith(" 4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Repeat buyers", StringComparison.Ordinal) && l.EndsWith(" 3", StringComparison.Ordinal));
        var funnel = lines.SkipWhile(l => l != "Customer lifecycle funnel").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(SmallProject.Funnel.Length + 1, funnel.Count);
        Assert.Equal("First Purchase            4    80.0 %     80.0 %", funnel[2]);
        var customersColumnEnd = funnel[0].IndexOf("Customers", StringComparison.Ordinal) + "Customers".Length;
        Assert.All(funnel.Skip(1), row => Assert.Equal(' ', row[customersColumnEnd]));
        Assert.All(funnel.Skip(1), row => Assert.NotEqual(' ', row[customersColumnEnd - 1]));
    }

    [Fact]
    public void A_text_template_of_the_project_replaces_the_built_in_text()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Combine("out"));
        var templates = temp.Combine("templates");
        temp.File("templates/report.sbn-txt", "{{ headline.buyers }} buyers as of {{ run.as_of | date.to_string '%F' }}");

        Assert.Equal("4 buyers as of 2024-04-01", TextBodyTemplate.Render(templates, "report", summary.Report));
    }

    [Fact]
    public void Subject_carries_the_as_of_date_and_names_its_variables_when_one_is_wrong()
    {
        Assert.Equal("Weekly 2024-12-31 (run 7, funnel)", MailSubject.Render("Weekly {{ as_of }} (run {{ run_id }}, {{ report }})", "T", new DateOnly(2024, 12, 31), 7, "funnel"));
        var error = Assert.Throws<CrmEtl.Core.CrmEtlException>(() => MailSubject.Render("Weekly {{ asof }}", "T", new DateOnly(2024, 12, 31), 7, "funnel"));
        Assert.Contains("mail.subject", error.Message, StringComparison.Ordinal);
        Assert.Contains("as_of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cid_without_its_image_is_a_bug_not_a_broken_mail()
    {
        var report = new RenderedReport("funnel", """<img src="cid:missing" alt="x">""", []);

        var error = Assert.Throws<InvalidOperationException>(() =>
            ReportMessageBuilder.Build(MailSettings.Preview, "s", 1, report, "text", []));
        Assert.Contains("cid:missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_or_attachment_naming_no_rendered_report_or_table_is_a_user_error()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);

        var body = Assert.Throws<CrmEtl.Core.CrmEtlException>(() => ReportMail.Write(summary, Settings(body: "weekly"), temp.Path));
        Assert.Contains("mail.body: no report 'weekly' was rendered; this run rendered funnel, report", body.Message, StringComparison.Ordinal);
        var table = Assert.Throws<CrmEtl.Core.CrmEtlException>(() =>
            ReportMail.Write(summary, Settings(new MailAttachments([], ["no_such_table"])), temp.Path));
        Assert.Contains("mail.attachments.tables: there is no table 'no_such_table'", table.Message, StringComparison.Ordinal);
    }

    private static string Text(MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
