using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>The report on other inputs: hostile names, a per-customer export, a second run, a config that picks reports, the pinned small fixture.</summary>
public sealed partial class ReportInputsTests
{
    private const string Hostile = "<script>alert(1)</script>";

    [Fact]
    public void Names_from_data_and_rule_tables_are_escaped()
    {
        using var temp = new TempDirectory();
        ProjectFiles.WriteDefaults(temp.Path, overwrite: true);
        Replace(temp.Combine("sql/rules/rfm_segments.csv"), "champions", Hostile);
        Replace(temp.Combine("sql/rules/rfm_segment_actions.csv"), "champions", Hostile);
        Replace(temp.Combine("sql/rules/rfm_segment_actions.csv"), "Reward them", "<b onmouseover=alert(1)>Reward</b> them");
        Replace(temp.Combine("sql/rules/tier_rules.csv"), "Power User", Hostile);
        var leads = temp.File("leads.csv", File.ReadAllText(Fixtures.Path("small/leads.csv")).Replace("Google_Camp1", Hostile).Replace("TikTok", "<img src=x onerror=alert(1)>"));
        var ads = temp.File("ads.csv", $"date,campaign_id,source,impressions,clicks,spend\n2024-01-01,{Hostile},Google,1000,50,100.5\n2024-01-01,TikTok_Camp1,<img src=x onerror=alert(1)>,500,20,40\n");
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(Fixtures.Path("small/purchases.csv")),
            ["leads"] = SourceSpec.ForFile(leads),
            ["ads"] = SourceSpec.ForFile(ads),
        };

        var summary = Fixtures.Run(Fixtures.Config(sources, projectDirectory: temp.Path), temp.Combine("out"));

        foreach (var rendered in summary.Reports)
        {
            var document = new ReportDocument(rendered.Html).Document;
            Assert.Empty(document.QuerySelectorAll("script"));
            Assert.DoesNotContain(document.QuerySelectorAll("b"), b => b.TextContent == "Reward");
            Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(Hostile, document.Body!.TextContent, StringComparison.Ordinal);
            MailSafety.Assert(rendered);
        }

        var report = new ReportDocument(summary.Reports.Single(r => r.Name == "report").Html);
        Assert.Contains(report.Rows("By campaign"), r => r[0].StartsWith(Hostile, StringComparison.Ordinal));
        Assert.Contains(report.Rows("By source"), r => r[0] == "<img src=x onerror=alert(1)>");
        Assert.Contains(report.Rows("Segments, with a suggested action"), r => r[0] == Hostile);
        Assert.Contains(report.Rows("Segments, with a suggested action"), r => r is [var action] && action.StartsWith("<b onmouseover=alert(1)>Reward</b> them", StringComparison.Ordinal));
        Assert.Contains(report.Rows("Customers and revenue per tier"), r => r[0] == Hostile);
    }

    [Fact]
    public void A_per_customer_export_shows_what_it_has_and_no_section_of_zeros()
    {
        using var temp = new TempDirectory();
        File.Copy(Fixtures.Path("flo/flo_export_10_customers.csv"), temp.Combine("flo_customers.csv"));
        var config = ConfigReader.Read(temp.File("crmetl.json", """
            {
              "asOf": "2021-06-01",
              "sources": { "customers": { "path": "flo_customers.csv", "columns": {
                "customer_id": "master_id", "first_purchase_date": "first_order_date", "last_purchase_date": "last_order_date",
                "frequency": "order_num_total_ever_online + order_num_total_ever_offline",
                "monetary": "customer_value_total_ever_online + customer_value_total_ever_offline" } } }
            }
            """));

        var summary = Fixtures.Run(config, temp.Combine("out"));

        var report = new ReportDocument(summary.Reports.Single(r => r.Name == "report").Html);
        Assert.Equal(["RFM segments", "Customer lifetime value"], report.SectionTitles);
        Assert.Null(report.Tile("Leads"));
        Assert.Equal("10", report.Tile("Buyers"));
        Assert.Equal(Db.Scalar<double>(summary.DatabasePath, "SELECT sum(monetary) FROM customer_rfm").ToString("N0"), report.Tile("Revenue"));
        Assert.Contains(report.Document.QuerySelectorAll("p"), p => p.TextContent.StartsWith("10 customers, ", StringComparison.Ordinal));
        foreach (var table in report.Document.QuerySelectorAll("table").Where(t => t.GetAttribute("role") is null))
        {
            Assert.Contains(table.QuerySelectorAll("td"), td => NonZeroNumber().IsMatch(td.TextContent));
        }

        // The mail's text part gives the same figures as the tiles.
        var text = CrmEtl.Core.Mail.PlainTextReport.Render(summary.Report);
        Assert.Matches(@"Buyers\s+10\r?\n", text);
        Assert.Matches($@"Revenue\s+{System.Text.RegularExpressions.Regex.Escape(Db.Scalar<double>(summary.DatabasePath, "SELECT sum(monetary ORDER BY monetary) FROM customer_rfm").ToString("N2", System.Globalization.CultureInfo.InvariantCulture))}\r?\n", text);

        var funnel = new ReportDocument(summary.Reports.Single(r => r.Name == "funnel").Html);
        Assert.Empty(funnel.SectionTitles);
        Assert.All(summary.Reports, MailSafety.Assert);
    }

    [Fact]
    public void A_second_run_shows_how_the_figures_moved_since_the_first()
    {
        using var temp = new TempDirectory();
        SmallProject.Run(temp.Path);
        var more = temp.File("purchases.csv", File.ReadAllText(Fixtures.Path("small/purchases.csv")) + "T09,2024-04-01,C5,SKU001,100.00,1\n");

        var second = SmallProject.Run(temp.Path, purchases: more);

        var tiles = new ReportDocument(second.Reports.Single(r => r.Name == "funnel").Html);
        Assert.Equal("5", tiles.Tile("Buyers"));
        var buyers = tiles.Document.QuerySelectorAll("div").First(d => d.TextContent.Trim() == "Buyers").ParentElement!.TextContent;
        Assert.Contains("since run 1: +25.0%", buyers, StringComparison.Ordinal);
        Assert.Equal(2, Db.Scalar<long>(second.DatabasePath, "SELECT count(DISTINCT run_id) FROM run_kpis"));
    }

    [Fact]
    public void The_config_chooses_which_reports_are_rendered()
    {
        using var temp = new TempDirectory();
        File.Copy(Fixtures.Path("small/purchases.csv"), temp.Combine("purchases.csv"));
        var config = ConfigReader.Read(temp.File("crmetl.json", """{ "sources": { "purchases": { "path": "purchases.csv" } }, "reports": ["funnel"] }"""));

        var summary = Fixtures.Run(config, temp.Combine("out"));

        Assert.Equal(["funnel"], summary.Reports.Select(r => r.Name));
        Assert.Equal(temp.Combine("out/funnel.html"), summary.ReportPath);
        Assert.False(File.Exists(temp.Combine("out/report.html")));

        var unknown = ConfigReader.Read(temp.File("bad.json", """{ "sources": { "purchases": { "path": "purchases.csv" } }, "reports": ["weekly"] }"""));
        var error = Assert.Throws<CrmEtlException>(() => Fixtures.Run(unknown, temp.Combine("out2")));
        Assert.Contains("weekly.sbn-html", error.Message, StringComparison.Ordinal);
        Assert.Contains("funnel, report", error.Message, StringComparison.Ordinal);
        Assert.Throws<CrmEtlException>(() => ConfigReader.Read(temp.File("worse.json", """{ "reports": "funnel" }""")));
    }

    /// <summary>
    /// The whole report of the small fixture, pinned. After an intended change, approve the new
    /// output with <c>CRMETL_APPROVE_REPORTS=1 dotnet test --filter Small_fixture_report_matches_the_approved_file</c>
    /// and review the diff of Reporting/golden/small-report.html.
    /// </summary>
    [Fact]
    public void Small_fixture_report_matches_the_approved_file()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);
        var actual = Normalize(summary.Reports.Single(r => r.Name == "report").Html);
        var approved = GoldenFile();

        if (Environment.GetEnvironmentVariable("CRMETL_APPROVE_REPORTS") == "1")
        {
            File.WriteAllText(approved, actual);
        }

        Assert.True(File.Exists(approved), $"no approved report yet: run with CRMETL_APPROVE_REPORTS=1 to write {approved}");
        Assert.Equal(File.ReadAllText(approved).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }

    /// <summary>What changes from run to run (clock, duration, tool build) is blanked.</summary>
    private static string Normalize(string html) =>
        GeneratedLine().Replace(html, "Generated (time) UTC by crmetl (version) in (duration) s");

    private static string GoldenFile([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "golden", "small-report.html");

    private static void Replace(string path, string from, string to) => File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));

    [GeneratedRegex(@"Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by crmetl \S+ in [\d.]+ s")]
    private static partial Regex GeneratedLine();

    [GeneratedRegex(@"[1-9]")]
    private static partial Regex NonZeroNumber();
}
