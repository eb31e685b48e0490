using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;
using static CrmEtl.Tests.TestSupport.ReportDocument;

namespace CrmEtl.Tests.Reporting;

/// <summary>Each section of the full report shows the numbers of the table it comes from (seed 000's 30-day fixture).</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class ReportSectionTests(Seed000MonthRun run)
{
    private readonly ReportDocument report = new(run.Summary.Reports.Single(r => r.Name == "report").Html);

    [Fact]
    public void Sections_with_data_are_shown_in_order()
    {
        Assert.Equal(
            ["Customer lifecycle funnel", "Ads: from spend to buyers", "Tiers", "RFM segments", "Month by month", "Cohort retention", "Customer lifetime value", "Quarter by quarter"],
            report.SectionTitles);
    }

    [Fact]
    public void Tiles_show_the_totals_to_date_and_the_last_complete_month()
    {
        Assert.Equal(run.Scalar<long>("SELECT count(DISTINCT customer_id) FROM leads").ToString("N0"), report.Tile("Leads"));
        Assert.Equal("51,752", report.Tile("Buyers"));
        Assert.Equal(run.Scalar<double>("SELECT sum(amount) FROM transactions").ToString("N0"), report.Tile("Revenue"));
        Assert.Equal((run.Scalar<double>("SELECT sum(amount) FROM transactions") / 93_126).ToString("N2"), report.Tile("Average order"));

        // As-of 2024-05-26: April is the last complete month, compared with March.
        var april = run.Query<(long Active, double Revenue)>("SELECT active_customers, revenue FROM monthly_kpis WHERE month = DATE '2024-04-01'").Single();
        var buyersTile = report.Document.QuerySelectorAll("div").First(d => d.TextContent.Trim() == "Buyers").ParentElement!.TextContent;
        Assert.Contains($"Apr 2024: {april.Active:N0}", buyersTile, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_says_what_share_of_leads_bought_and_bought_again()
    {
        var summary = report.Document.QuerySelectorAll("p").Select(p => p.TextContent).First(t => t.Contains("leads bought", StringComparison.Ordinal));
        Assert.Equal("63.8% of 81,065 leads bought; 59.9% of those bought again within 65 days.", summary);
        var preview = report.Document.Body!.FirstElementChild!;
        Assert.Contains("display:none", preview.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal(summary, preview.TextContent);
    }

    [Fact]
    public void Ad_funnel_rows_match_the_ad_funnel_tables()
    {
        var sources = run.Query<(string Source, double Spend, long Leads, long Buyers, double Cpl)>(
            "SELECT source, spend, leads, buyers, cpl FROM ad_funnel_by_source");
        var rows = report.Rows("By source").ToDictionary(r => r[0]);
        Assert.Equal(sources.Count, rows.Count);
        foreach (var s in sources)
        {
            Assert.Equal([s.Spend.ToString("N0"), s.Leads.ToString("N0"), s.Buyers.ToString("N0"), s.Cpl.ToString("N2")], rows[s.Source][1..5]);
        }

        var campaigns = report.Rows("By campaign");
        Assert.Equal(run.Scalar<long>("SELECT count(*) FROM ad_funnel"), campaigns.Count);
        Assert.Equal(run.Scalar<double>("SELECT sum(spend) FROM ad_funnel"), campaigns.Sum(r => Number(r[1])), 9.0);
    }

    [Fact]
    public void Tier_rows_match_customer_tiers()
    {
        var tiers = run.Query<(string Tier, long Customers)>("SELECT tier, count(*) FROM customer_tiers GROUP BY tier");
        var rows = report.Rows("Customers and revenue per tier").ToDictionary(r => r[0]);
        Assert.Equal(tiers.Count, rows.Count);
        foreach (var (tier, customers) in tiers)
        {
            Assert.Equal(customers.ToString("N0"), rows[tier][2]);
        }

        Assert.Equal(["Power User", "Tier 3", "Tier 2", "Tier 1"], rows.Keys.Where(k => k != "No Tier").ToArray());
    }

    [Fact]
    public void Rfm_grid_has_25_cells_with_the_counts_of_customer_rfm_and_the_segment_table_its_actions()
    {
        var grid = report.Rows("Customers per recency × frequency cell");
        Assert.Equal(5, grid.Count);
        Assert.All(grid, row => Assert.Equal(6, row.Length));
        var counts = run.Query<(int R, int F, long Customers)>("SELECT recency_score, frequency_score, count(*) FROM customer_rfm GROUP BY ALL")
            .ToDictionary(c => (c.R, c.F), c => c.Customers);
        for (var f = 5; f >= 1; f--)
        {
            var row = grid[5 - f];
            Assert.Equal(f.ToString(), row[0]);
            for (var r = 1; r <= 5; r++)
            {
                Assert.StartsWith(counts.GetValueOrDefault((r, f)).ToString("N0"), row[r], StringComparison.Ordinal);
            }
        }

        var segments = report.Rows("Segments, with a suggested action").Where(r => r.Length == 7).ToDictionary(r => r[0]);
        var expected = run.Query<(string Segment, long Customers)>("SELECT segment, count(*) FROM customer_rfm GROUP BY segment");
        Assert.Equal(expected.Count, segments.Count);
        foreach (var (segment, customers) in expected)
        {
            Assert.Equal(customers.ToString("N0"), segments[segment.Replace('_', ' ')][1]);
        }

        Assert.Contains(report.Rows("Segments, with a suggested action"), r => r is [var action] && action.StartsWith("Reward them", StringComparison.Ordinal));
    }

    [Fact]
    public void Monthly_rows_match_monthly_kpis_and_the_chart_has_alt_text_and_is_attached()
    {
        var months = run.Query<(DateTime Month, long New, long Active, double Revenue)>(
            "SELECT month::TIMESTAMP, new_customers, active_customers, revenue FROM monthly_kpis ORDER BY month DESC");
        var rows = report.Rows("The last");
        Assert.Equal(months.Count, rows.Count);
        foreach (var (month, row) in months.Zip(rows))
        {
            Assert.StartsWith(month.Month.ToString("MMM yyyy"), row[0], StringComparison.Ordinal);
            Assert.Equal([month.New.ToString("N0"), month.Active.ToString("N0"), (month.Active - month.New).ToString("N0"), month.Revenue.ToString("N0")], row[1..5]);
        }

        var image = Assert.Single(report.Document.QuerySelectorAll("img"));
        var chart = Assert.Single(run.Summary.Reports.Single(r => r.Name == "report").Images);
        Assert.Equal($"cid:{chart.ContentId}", image.GetAttribute("src"));
        Assert.Equal(chart.AltText, image.GetAttribute("alt"));
        Assert.Contains("table below", chart.AltText, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], chart.Png[..4]);
    }

    [Fact]
    public void Cohort_cells_are_the_retention_rates_in_percent_with_a_background_colour()
    {
        var rows = report.Rows("Share of each cohort buying");
        var january = rows.Single(r => r[0] == "Jan 24");
        var rates = run.Query<(int MonthsSince, double Rate)>(
            "SELECT months_since, retention_rate FROM cohort_retention WHERE cohort_month = DATE '2024-01-01' AND months_since >= 1 ORDER BY 1");
        Assert.Equal(run.Scalar<long>("SELECT any_value(cohort_size) FROM cohort_retention WHERE cohort_month = DATE '2024-01-01'").ToString("N0"), january[1]);
        foreach (var (monthsSince, rate) in rates)
        {
            Assert.Equal(Math.Round(rate * 100).ToString("0"), january[1 + monthsSince]);
        }

        var cells = report.Table("Share of each cohort buying").QuerySelectorAll("td[bgcolor]");
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.Matches("^#[0-9a-f]{6}$", c.GetAttribute("bgcolor")!));
    }

    [Fact]
    public void Cltv_section_shows_the_fit_in_words_the_segments_and_parameters()
    {
        var segments = run.Query<(string Segment, long Customers)>(
            "SELECT clv_segment, count(*) FROM cltv_predictions WHERE clv_segment IS NOT NULL GROUP BY 1 ORDER BY 1");
        var rows = report.Rows("CLV segments");
        Assert.Equal(segments.Select(s => s.Segment), rows.Select(r => r[0]));
        Assert.Equal(segments.Select(s => s.Customers.ToString("N0")), rows.Select(r => r[1]));
        Assert.Equal(run.Scalar<long>("SELECT count(*) FROM cltv_params"), report.Rows("Model parameters").Count);
        var status = run.Scalar<string>("SELECT status FROM cltv_fit WHERE model = 'bgnbd'");
        var words = report.Document.QuerySelectorAll("p").Select(p => p.TextContent).Single(t => t.Contains("BG/NBD on", StringComparison.Ordinal));
        Assert.Contains(status == "converged" ? "likelihood reached its maximum" : "edge of its parameter range", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Footer_names_inputs_refused_lines_rule_and_script_hashes_and_the_tool()
    {
        var cells = report.Document.QuerySelectorAll("td");
        var footer = cells[^1].TextContent;
        Assert.Contains("No input line was refused.", footer, StringComparison.Ordinal);
        var script = run.Query<(string Script, string Sha)>("SELECT script, sha256 FROM script_log WHERE script = '120_funnel.sql'").First();
        Assert.Contains($"120_funnel.sql {script.Sha[..8]}", footer, StringComparison.Ordinal);
        Assert.Contains("tier_rules.csv ", footer, StringComparison.Ordinal);
        Assert.Contains("rfm_segment_actions.csv ", footer, StringComparison.Ordinal);
        Assert.Matches(@"by crmetl \S+ in \d+\.\d s", footer);
    }

    [Fact]
    public void The_funnel_report_is_tiles_summary_and_funnel_without_charts()
    {
        var funnel = run.Summary.Reports.Single(r => r.Name == "funnel");
        var document = new ReportDocument(funnel.Html);
        Assert.Equal(["Customer lifecycle funnel"], document.SectionTitles);
        Assert.Equal("81,065", document.Tile("Leads"));
        Assert.Empty(funnel.Images);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(run.Summary.DatabasePath)!, "funnel.html")));
    }
}
