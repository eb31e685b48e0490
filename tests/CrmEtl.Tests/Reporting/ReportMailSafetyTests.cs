using AngleSharp.Dom;
using CrmEtl.Core.Reporting;
using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>What mail clients need of every report body: inline styles, tables at most 680 px, accessible tables, no script, under Gmail's clip size.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class ReportMailSafetyTests(Seed000MonthRun run)
{
    public const int GmailClipBytes = 100 * 1024;

    public static void AssertMailSafe(RenderedReport rendered)
    {
        var document = new ReportDocument(rendered.Html).Document;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(rendered.Html) < GmailClipBytes, $"{rendered.Name}: the mail body must stay under 100 KB");
        Assert.Empty(document.QuerySelectorAll("script, link, style, iframe, object, embed, form, svg"));
        Assert.DoesNotContain("javascript:", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(document.All, e => e.GetAttribute("class") is not null);
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("href") is { } href && !href.StartsWith('#'));
        Assert.Equal("light only", document.QuerySelector("meta[name='color-scheme']")?.GetAttribute("content"));
        Assert.Contains("background", document.Body!.GetAttribute("style"), StringComparison.Ordinal);

        // Images: only the report's own PNGs, by Content-ID, each with alt text.
        foreach (var image in document.QuerySelectorAll("img"))
        {
            var src = image.GetAttribute("src")!;
            Assert.Contains(rendered.Images, i => src == $"cid:{i.ContentId}");
            Assert.False(string.IsNullOrWhiteSpace(image.GetAttribute("alt")));
        }

        Assert.All(rendered.Images, i => Assert.Contains($"cid:{i.ContentId}", rendered.Html, StringComparison.Ordinal));

        // Layout tables are marked presentation and hold no headers; data tables have a caption and scoped headers.
        foreach (var table in document.QuerySelectorAll("table"))
        {
            if (table.GetAttribute("role") == "presentation")
            {
                Assert.Empty(table.QuerySelectorAll(":scope > caption, :scope > tbody > tr > th, :scope > tr > th"));
            }
            else
            {
                Assert.NotNull(table.QuerySelector(":scope > caption"));
                Assert.All(table.QuerySelectorAll("th"), th => Assert.Contains(th.GetAttribute("scope"), new[] { "col", "row" }));
            }

            if (table.GetAttribute("width") is { } width && !width.EndsWith('%'))
            {
                Assert.True(int.Parse(width) <= 680, $"table width {width}");
            }
        }

        Assert.DoesNotContain(document.All, e => WidthInPixels(e) > 680);
    }

    private static int WidthInPixels(IElement element) =>
        (element.GetAttribute("style") ?? string.Empty).Split(';')
            .Select(d => d.Split(':'))
            .Where(d => d.Length == 2 && d[0].Trim() is "width" or "min-width" && d[1].Trim().EndsWith("px", StringComparison.Ordinal))
            .Select(d => int.Parse(d[1].Trim()[..^2]))
            .DefaultIfEmpty(0).Max();

    [Fact]
    public void Every_report_body_is_mail_safe()
    {
        Assert.Equal(["funnel", "report"], run.Summary.Reports.Select(r => r.Name).Order());
        Assert.All(run.Summary.Reports, AssertMailSafe);
    }

    [Fact]
    public void The_standalone_file_embeds_every_chart_and_references_nothing_outside()
    {
        var html = File.ReadAllText(run.Summary.ReportPath);
        var document = new ReportDocument(html).Document;
        Assert.DoesNotContain("cid:", html, StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("img"), i => Assert.StartsWith("data:image/png;base64,", i.GetAttribute("src"), StringComparison.Ordinal));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("src") is { } src && !src.StartsWith("data:image/png;base64,", StringComparison.Ordinal));
    }
}
