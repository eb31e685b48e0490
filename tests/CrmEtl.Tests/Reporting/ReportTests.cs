using AngleSharp.Html.Parser;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>The report must survive mail clients: one file, no script, no external asset, inline styles.</summary>
public sealed class ReportTests
{
    [Fact]
    public void Report_is_one_self_contained_mail_safe_file()
    {
        using var temp = new TempDirectory();
        var summary = Fixtures.Run(Fixtures.Config(Fixtures.Seed000Month()), temp.Path);
        var html = File.ReadAllText(summary.ReportPath);
        var document = new HtmlParser().ParseDocument(html);

        // The mail body stays under 100 KB; the file adds only its charts, embedded as data: PNGs.
        var body = summary.Reports.Single(r => r.Name == "report");
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(body.Html) < 100 * 1024, "report must stay under 100 KB");
        Assert.Equal(body.StandaloneHtml(), html);
        Assert.Empty(document.QuerySelectorAll("script, link, style, iframe, object, embed"));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("src") is { } src && !src.StartsWith("data:image/png;base64,", StringComparison.Ordinal));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("href") is { } href && !href.StartsWith('#'));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("class") is not null);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Funnel_section_shows_each_stage_with_count_rate_and_a_proportional_bar()
    {
        using var temp = new TempDirectory();
        var summary = Fixtures.Run(Fixtures.Config(Fixtures.Seed000Month()), temp.Path);
        var document = new HtmlParser().ParseDocument(File.ReadAllText(summary.ReportPath));

        var rows = document.QuerySelectorAll("tr")
            .Where(r => r.Children.Length == 5 && r.Children[0].TextContent.Trim() is "Leads" or "Second Purchase" or "Power User")
            .ToDictionary(r => r.Children[0].TextContent.Trim());
        Assert.Equal("30,991", rows["Second Purchase"].Children[2].TextContent.Trim());
        Assert.Equal("59.9%", rows["Second Purchase"].Children[3].TextContent.Trim());
        Assert.Equal("1,619", rows["Power User"].Children[2].TextContent.Trim());
        Assert.Equal("38%", rows["Second Purchase"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
        Assert.Equal("100%", rows["Leads"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
    }

    [Fact]
    public void Without_leads_or_purchases_the_report_still_renders()
    {
        using var temp = new TempDirectory();
        var ads = temp.File("ads.csv", "date,campaign_id,source,impressions,clicks,spend\n2024-01-01,G1,Google,1000,50,100.5\n");
        var sources = new Dictionary<string, Core.Configuration.SourceSpec> { ["ads"] = Core.Configuration.SourceSpec.ForFile(ads) };

        var summary = Fixtures.Run(Fixtures.Config(sources), temp.Combine("out"));

        Assert.Contains("Customer lifecycle report", File.ReadAllText(summary.ReportPath));
        Assert.Equal(new DateOnly(2024, 1, 1), summary.AsOf);
    }

    [Fact]
    public void Without_leads_the_funnel_starts_at_the_first_purchase_and_bars_scale_to_the_largest_stage()
    {
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, Core.Configuration.SourceSpec> { ["purchases"] = SmallProject.Sources()["purchases"] };

        var summary = Fixtures.Run(Fixtures.Config(sources), temp.Path);
        var document = new HtmlParser().ParseDocument(File.ReadAllText(summary.ReportPath));

        var stages = document.QuerySelectorAll("tr").Where(r => r.Children.Length == 5).Skip(1)
            .ToDictionary(r => r.Children[0].TextContent.Trim());
        Assert.False(stages.ContainsKey("Leads"));
        Assert.Equal("100%", stages["First Purchase"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
        Assert.Equal("50%", stages["Second Purchase"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
        Assert.Contains("No leads in the inputs", document.Body!.TextContent);
    }
}
