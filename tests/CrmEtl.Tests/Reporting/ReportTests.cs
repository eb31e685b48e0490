using System.Globalization;
using System.Security.Cryptography;
using AngleSharp.Html.Parser;
using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>The report must survive mail clients: one file, no script, no external asset, inline styles.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class ReportTests(Seed000MonthRun seed)
{
    [Fact]
    public void Report_is_one_self_contained_mail_safe_file()
    {
        var summary = seed.Summary;
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
        var summary = seed.Summary;
        var document = new HtmlParser().ParseDocument(File.ReadAllText(summary.ReportPath));

        var rows = document.QuerySelectorAll("tr")
            .Where(r => r.Children.Length == 5 && r.Children[0].TextContent.Trim() is "Leads" or "Second Purchase" or "Power User")
            .ToDictionary(r => r.Children[0].TextContent.Trim());
        Assert.Equal("30,991", rows["Second Purchase"].Children[2].TextContent.Trim());
        Assert.Equal("59.9%", rows["Second Purchase"].Children[3].TextContent.Trim());
        // The funnel's last stage: second purchasers at the highest tier (1,619 Power Users in all, 1,607 of them repeat buyers).
        var repeatPowerUsers = Db.Scalar<long>(summary.DatabasePath, """
            SELECT count(*) FROM customer_tiers
            WHERE tier = 'Power User' AND customer_id IN (SELECT customer_id FROM transaction_flags WHERE second_purchase)
            """);
        Assert.Equal(1_607, repeatPowerUsers);
        Assert.Equal(repeatPowerUsers.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), rows["Power User"].Children[2].TextContent.Trim());
        Assert.Equal("38%", rows["Second Purchase"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
        Assert.Equal("100%", rows["Leads"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
    }

    [Fact]
    public void Funnel_section_shows_every_stage_of_the_funnel_table()
    {
        var summary = seed.Summary;
        var document = new HtmlParser().ParseDocument(File.ReadAllText(summary.ReportPath));

        var funnel = Db.Query<(string Stage, long Customers, double? ConversionRate, double? ShareOfLeads)>(summary.DatabasePath,
            "SELECT stage, customers, conversion_rate, share_of_leads FROM funnel ORDER BY stage_order");
        var shown = FunnelRows(document).Select(row => (row[0], row[2], row[3], row[4]));
        Assert.Equal(7, funnel.Count);
        Assert.Equal(
            funnel.Select(stage => (stage.Stage, stage.Customers.ToString("N0", CultureInfo.InvariantCulture), Percent(stage.ConversionRate), Percent(stage.ShareOfLeads))),
            shown);
    }

    [Fact]
    public void Without_leads_or_purchases_the_report_shows_the_ad_spend_no_funnel_of_zeros_and_the_ads_input()
    {
        using var temp = new TempDirectory();
        var ads = temp.File("ads.csv", "date,campaign_id,source,impressions,clicks,spend\n2024-01-01,G1,Google,1000,50,100.5\n");
        var sources = new Dictionary<string, Core.Configuration.SourceSpec> { ["ads"] = Core.Configuration.SourceSpec.ForFile(ads) };

        var summary = Fixtures.Run(Fixtures.Config(sources), temp.Combine("out"));
        var document = new HtmlParser().ParseDocument(File.ReadAllText(summary.ReportPath));

        Assert.Equal(new DateOnly(2024, 1, 1), summary.AsOf);
        var text = Words(document.Body!.TextContent);
        Assert.Contains("Customer lifecycle report Data up to 1 Jan 2024 Ads cost 100.", text, StringComparison.Ordinal);
        Assert.Contains("By source Source Spend Leads Buyers CPL Per buyer ROAS Google 100 0 0 – – 0.00×", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Customers per lifecycle stage", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Customer lifecycle funnel", text, StringComparison.Ordinal);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ads)))[..12];
        Assert.Contains($"Inputs: ads 1 rows (ads.csv, sha256 {sha256}) No input line was refused. Parameters:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_leads_the_funnel_starts_at_the_first_purchase_and_bars_scale_to_the_largest_stage()
    {
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, Core.Configuration.SourceSpec> { ["purchases"] = SmallProject.Sources()["purchases"] };

        var summary = Fixtures.Run(Fixtures.Config(sources), temp.Path);
        var document = new HtmlParser().ParseDocument(File.ReadAllText(summary.ReportPath));

        var table = FunnelTable(document)!;
        Assert.Equal(["Stage", "", "Customers", "Step"], table.Rows[0].Cells.Select(th => th.TextContent.Trim()));
        var stages = table.Rows.Skip(1).ToDictionary(r => r.Cells[0].TextContent.Trim(), r => (AngleSharp.Dom.IElement)r);
        Assert.False(stages.ContainsKey("Leads"));
        Assert.All(stages.Values, row => Assert.Equal(4, row.Children.Length));
        Assert.Equal("100%", stages["First Purchase"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
        Assert.Equal("50%", stages["Second Purchase"].Children[1].QuerySelector("td[bgcolor='#2563eb']")!.GetAttribute("width"));
        Assert.Contains("No leads in the inputs", document.Body!.TextContent);
    }

    /// <summary>The funnel table's stage rows (after its header), each as its cells' text.</summary>
    private static List<string[]> FunnelRows(AngleSharp.Html.Dom.IHtmlDocument document) =>
        FunnelTable(document) is { } table
            ? [.. table.Rows.Skip(1).Select(row => row.Cells.Select(cell => cell.TextContent.Trim()).ToArray())]
            : [];

    private static AngleSharp.Html.Dom.IHtmlTableElement? FunnelTable(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.QuerySelectorAll("table").OfType<AngleSharp.Html.Dom.IHtmlTableElement>()
            .FirstOrDefault(t => t.Caption?.TextContent.Trim() == "Customers per lifecycle stage");

    private static string Percent(double? rate) => rate is { } value ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
