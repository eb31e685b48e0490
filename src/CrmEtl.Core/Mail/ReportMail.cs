using CrmEtl.Core.Reporting;
using MimeKit;

namespace CrmEtl.Core.Mail;

/// <summary>Writes a run's report mail to <c>out/NAME.eml</c>, NAME being the report in its body.</summary>
public static class ReportMail
{
    public static string EmlPath(string outputDirectory, string reportName) => Path.Combine(outputDirectory, reportName + ".eml");

    /// <summary>The report named by <c>mail.body</c>; by default the short weekly one when it was rendered, else the full one.</summary>
    public static RenderedReport BodyReport(MailSettings settings, IReadOnlyList<RenderedReport> reports)
    {
        if (settings.Body is { } name)
        {
            return Find(reports, name, "mail.body");
        }

        return MailSettings.DefaultBodies.Select(n => reports.FirstOrDefault(r => r.Name == n)).FirstOrDefault(r => r is not null)
            ?? (reports.Count > 0 ? reports[0] : null)
            ?? throw new InvalidOperationException("The run rendered no report.");
    }

    public static (string Path, MimeMessage Message) Write(RunSummary summary, MailSettings settings, string templatesDirectory)
    {
        var body = BodyReport(settings, summary.Reports);
        var subject = MailSubject.Render(settings.Subject, summary.Report.Title, summary.AsOf, summary.RunId, body.Name);
        var plainText = TextBodyTemplate.Render(templatesDirectory, body.Name, summary.Report);
        var attachments = settings.Attachments.Reports
            .Select(name => Find(summary.Reports, name, "mail.attachments.reports"))
            .Select(report => new MailAttachment(report.Name + ".html", "text", "html", System.Text.Encoding.UTF8.GetBytes(report.StandaloneHtml())))
            .Concat(TableCsvExport.Export(summary.DatabasePath, settings.Attachments.Tables))
            .ToList();

        var message = ReportMessageBuilder.Build(settings, subject, summary.RunId, body, plainText, attachments);
        var path = EmlPath(Path.GetDirectoryName(Path.GetFullPath(summary.DatabasePath))!, body.Name);
        Save(message, path);
        return (path, message);
    }

    /// <summary>Written whole or not at all, so <c>crmetl send</c> never picks up half a message.</summary>
    public static void Save(MimeMessage message, string path)
    {
        // Long HTML lines are encoded (quoted-printable) as SMTP requires, so the file sent is the file written.
        message.Prepare(EncodingConstraint.SevenBit);
        var staging = path + ".tmp";
        message.WriteTo(staging);
        File.Move(staging, path, overwrite: true);
    }

    private static RenderedReport Find(IReadOnlyList<RenderedReport> reports, string name, string key) =>
        reports.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new CrmEtlException($"{key}: no report '{name}' was rendered; this run rendered {string.Join(", ", reports.Select(r => r.Name))} (templates/NAME.sbn-html).");
}
