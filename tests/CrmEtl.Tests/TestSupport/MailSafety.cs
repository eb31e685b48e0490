using AngleSharp.Dom;
using CrmEtl.Core.Reporting;

namespace CrmEtl.Tests.TestSupport;

/// <summary>What mail clients need of a report body: inline styles, tables at most 680 px, accessible tables, no script, under Gmail's clip size.</summary>
public static class MailSafety
{
    public const int GmailClipBytes = 100 * 1024;

    public static void Assert(RenderedReport rendered)
    {
        var document = new ReportDocument(rendered.Html).Document;
        Xunit.Assert.True(System.Text.Encoding.UTF8.GetByteCount(rendered.Html) < GmailClipBytes, $"{rendered.Name}: the mail body must stay under 100 KB, is {System.Text.Encoding.UTF8.GetByteCount(rendered.Html) / 1024.0:N1} KB");
        Xunit.Assert.Empty(document.QuerySelectorAll("script, link, style, iframe, object, embed, form, svg"));
        Xunit.Assert.DoesNotContain("javascript:", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Xunit.Assert.DoesNotContain(document.All, e => e.GetAttribute("class") is not null);
        Xunit.Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Xunit.Assert.DoesNotContain(document.All, e => e.GetAttribute("href") is { } href && !href.StartsWith('#'));
        Xunit.Assert.Equal("light only", document.QuerySelector("meta[name='color-scheme']")?.GetAttribute("content"));
        Xunit.Assert.Contains("background", document.Body!.GetAttribute("style"), StringComparison.Ordinal);

        // Images: only the report's own PNGs, by Content-ID, each with alt text.
        foreach (var image in document.QuerySelectorAll("img"))
        {
            var src = image.GetAttribute("src")!;
            Xunit.Assert.Contains(rendered.Images, i => src == $"cid:{i.ContentId}");
            Xunit.Assert.False(string.IsNullOrWhiteSpace(image.GetAttribute("alt")));
        }

        Xunit.Assert.All(rendered.Images, i => Xunit.Assert.Contains($"cid:{i.ContentId}", rendered.Html, StringComparison.Ordinal));

        // Layout tables are marked presentation and hold no headers; data tables have a caption and scoped headers.
        foreach (var table in document.QuerySelectorAll("table"))
        {
            if (table.GetAttribute("role") == "presentation")
            {
                Xunit.Assert.Empty(table.QuerySelectorAll(":scope > caption, :scope > tbody > tr > th, :scope > tr > th"));
            }
            else
            {
                Xunit.Assert.NotNull(table.QuerySelector(":scope > caption"));
                Xunit.Assert.All(table.QuerySelectorAll("th"), th => Xunit.Assert.Contains(th.GetAttribute("scope"), new[] { "col", "row" }));
            }

            if (table.GetAttribute("width") is { } width && !width.EndsWith('%'))
            {
                Xunit.Assert.True(int.Parse(width) <= 680, $"table width {width}");
            }
        }

        Xunit.Assert.DoesNotContain(document.All, e => WidthInPixels(e) > 680);
    }

    private static int WidthInPixels(IElement element) =>
        (element.GetAttribute("style") ?? string.Empty).Split(';')
            .Select(d => d.Split(':'))
            .Where(d => d.Length == 2 && d[0].Trim() is "width" or "min-width" && d[1].Trim().EndsWith("px", StringComparison.Ordinal))
            .Select(d => int.Parse(d[1].Trim()[..^2]))
            .DefaultIfEmpty(0).Max();
}
