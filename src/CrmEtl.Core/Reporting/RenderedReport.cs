namespace CrmEtl.Core.Reporting;

/// <summary>A PNG the report shows, referenced from its HTML as <c>src="cid:{ContentId}"</c>.</summary>
public sealed record ReportImage(string ContentId, string AltText, byte[] Png);

/// <summary>
/// One rendered report (<c>templates/NAME.sbn-html</c>). <see cref="Html"/> is the mail body: its
/// images are <c>cid:</c> references, attached by Content-ID in the email, because Gmail and
/// Outlook show neither <c>data:</c> images nor SVG in a mail body.
/// </summary>
public sealed record RenderedReport(string Name, string Html, IReadOnlyList<ReportImage> Images)
{
    /// <summary>The same HTML as one self-contained file: every <c>cid:</c> image embedded as a <c>data:</c> URI.</summary>
    public string StandaloneHtml() =>
        Images.Aggregate(Html, (html, image) => html.Replace(
            $"cid:{image.ContentId}", $"data:image/png;base64,{Convert.ToBase64String(image.Png)}", StringComparison.Ordinal));
}
