using System.Text.RegularExpressions;
using CrmEtl.Core.Reporting;
using MimeKit;

namespace CrmEtl.Core.Mail;

/// <summary>
/// Builds the report mail as mail clients expect it:
/// <code>
/// multipart/mixed                      (only with attachments)
///   multipart/alternative
///     text/plain                       headline and funnel as aligned text
///     multipart/related                (only with images)
///       text/html                      the report; images as src="cid:…"
///       image/png                      Content-ID, inline
///   text/html, text/csv …              attachments
/// </code>
/// </summary>
public static partial class ReportMessageBuilder
{
    /// <summary>Header naming the run the message reports, so a later <c>crmetl send</c> journals it under that run.</summary>
    public const string RunIdHeader = "X-Crmetl-Run";

    public static MimeMessage Build(
        MailSettings settings, string subject, int runId, RenderedReport body, string plainText, IReadOnlyList<MailAttachment> attachments)
    {
        var message = new MimeMessage { Subject = subject };
        if (settings.From is not null)
        {
            message.From.Add(settings.From);
        }

        message.To.AddRange(settings.To);
        message.Cc.AddRange(settings.Cc);
        if (settings.ReplyTo is not null)
        {
            message.ReplyTo.Add(settings.ReplyTo);
        }

        message.Headers.Add(RunIdHeader, runId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = plainText },
            HtmlWithImages(body),
        };
        message.Body = attachments.Count == 0 ? alternative : WithAttachments(alternative, attachments);
        return message;
    }

    /// <summary>The <c>cid:</c> references of an HTML body, in order of appearance.</summary>
    public static IReadOnlyList<string> ContentIdReferences(string html) =>
        CidReference().Matches(html).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();

    private static MimeEntity HtmlWithImages(RenderedReport report)
    {
        var html = new TextPart("html") { Text = report.Html };
        var missing = ContentIdReferences(report.Html).Except(report.Images.Select(i => i.ContentId), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Report {report.Name} refers to images it does not carry: cid:{string.Join(", cid:", missing)}.");
        }

        if (report.Images.Count == 0)
        {
            return html;
        }

        var related = new MultipartRelated { Root = html };
        foreach (var image in report.Images)
        {
            related.Add(new MimePart("image", "png")
            {
                Content = new MimeContent(new MemoryStream(image.Png)),
                ContentId = image.ContentId,
                ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = image.ContentId + ".png" },
                ContentTransferEncoding = ContentEncoding.Base64,
                ContentDescription = image.AltText,
            });
        }

        return related;
    }

    private static Multipart WithAttachments(MimeEntity alternative, IReadOnlyList<MailAttachment> attachments)
    {
        var mixed = new Multipart("mixed") { alternative };
        foreach (var attachment in attachments)
        {
            mixed.Add(new MimePart(attachment.MediaType, attachment.MediaSubtype)
            {
                Content = new MimeContent(new MemoryStream(attachment.Content)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = attachment.FileName },
                ContentTransferEncoding = ContentEncoding.Base64,
            });
        }

        return mixed;
    }

    [GeneratedRegex("""cid:(?<id>[^"'\s)>]+)""")]
    private static partial Regex CidReference();
}
