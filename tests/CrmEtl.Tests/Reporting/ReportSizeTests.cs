using CrmEtl.Core.Loading;
using CrmEtl.Core.Reporting;
using CrmEtl.Core.Reporting.Sections;
using CrmEtl.Core.Resources;
using CrmEtl.Core.Scripts;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>
/// The mail body stays under Gmail's clip size at any data size: every table is capped, every name
/// cut. Shown here by a model with every section full to its cap and every name too long.
/// </summary>
public sealed class ReportSizeTests
{
    private static readonly string LongName = "<Very long name> " + string.Concat(Enumerable.Repeat("of a campaign or rule ", 20));

    [Fact]
    public void A_report_with_every_section_at_its_cap_stays_under_100_KB()
    {
        var templates = ProjectFiles.Resolve(null).TemplatesDirectory;
        var model = FullModel();

        foreach (var name in ReportTemplates.Available(templates))
        {
            var rendered = ReportRenderer.Render(templates, name, model);
            MailSafety.Assert(rendered);
            Assert.DoesNotContain("<Very long", rendered.Html, StringComparison.Ordinal);
        }

        var report = ReportRenderer.Render(templates, "report", model);
        var document = new ReportDocument(report.Html);
        Assert.Equal(MonthlyTrend.MonthsShown, document.Rows("The last").Count);
        Assert.Equal(CohortHeatmap.CohortsShown, document.Rows("Share of each cohort buying").Count);
        Assert.Equal(AdFunnel.CampaignsShown + 1, document.Rows("By campaign").Count);
    }

    private static ReportModel FullModel()
    {
        var month = new DateTime(2024, 12, 1);
        var run = new RunInfo(7, new DateTime(2024, 12, 31), [.. Enumerable.Range(0, 4).Select(i => new LoadedSource(LongName, "/data/" + LongName + ".csv", 1_000_000, new string('a', 64)))],
            Enumerable.Range(0, 15).ToDictionary(i => $"parameter_{i}", _ => LongName)
                .Concat(new Dictionary<string, string> { ["second_purchase_window_days"] = "65", ["tier_lookback_months"] = "6" }).ToDictionary(),
            DateTime.UtcNow)
        {
            Scripts = [.. Enumerable.Range(0, 80).Select(i => new ScriptResult(ScriptKind.Model, $"{i:000}_{LongName}.sql", new string('b', 64), TimeSpan.Zero, 0, ScriptStatus.Succeeded))],
            RuleFiles = [.. Enumerable.Range(0, 10).Select(i => new RuleFileHash(LongName + ".csv", new string('c', 64)))],
            RejectedLines = 12,
        };
        var image = new ReportImage("chart@crmetl", LongName, [0x89, 0x50, 0x4e, 0x47]);
        var campaigns = Enumerable.Range(0, AdFunnel.CampaignsShown)
            .Select(i => new AdFunnelRow(LongName, LongName, false, 1, 1e9, 1_000_000, 500_000, 1e10, 1000.5, 2000.5, 10.5))
            .Append(new AdFunnelRow("All other campaigns", null, true, 990, 1e9, 1_000_000, 500_000, 1e10, 1000.5, 2000.5, 10.5)).ToList();
        var segments = Enumerable.Range(0, RfmSummary.SegmentsShown).Select(i => new RfmSegmentRow(LongName + i, "#abcdef", 1_000_000, 0.1, 100, 2.5, 1000, 0.1, LongName)).ToList();
        return new ReportModel("Customer lifecycle report", run, new Headline(1, 1, 1, 1, 1),
            [.. Enumerable.Range(1, 12).Select(i => new FunnelStage(i == 1 ? "Leads" : LongName + i, i, 1_000_000_000, 0.5, 0.5))])
        {
            Tiles = new Tiles(month.AddYears(-10), run.AsOf,
                [.. new[] { "leads", "buyers", "repeat_buyers", "revenue", "average_order_value" }.Select(k => new Tile(k, k, 1e12, "N0", 1e11, 0.1, -0.1))],
                month.AddMonths(-1), month.AddMonths(-2), 6, run.AsOf.AddDays(-7)),
            AdFunnel = new AdFunnel(campaigns, campaigns, AdFunnel.CampaignsShown),
            Tiers = new TierSummary([.. Enumerable.Range(0, TierSummary.TiersShown).Select(i => new TierRow(LongName + i, 1_000_000, 0.05, 1e10, 0.05))], 20_000_000),
            Rfm = new RfmSummary(
                [.. Enumerable.Range(1, 5).Reverse().Select(f => (IReadOnlyList<RfmCell>)[.. Enumerable.Range(1, 5).Select(r => new RfmCell(r, f, LongName, "#abcdef", 1_000_000))])],
                segments, 30_000_000),
            Monthly = new MonthlyTrend([.. Enumerable.Range(0, MonthlyTrend.MonthsShown).Select(i => new MonthRow(month.AddMonths(-i), i > 0, 1_000_000, 2_000_000, 1e10, 0.45))], image),
            Cohorts = new CohortHeatmap([.. Enumerable.Range(0, CohortHeatmap.CohortsShown).Select(i => new CohortRow(month.AddMonths(-i), 1_000_000,
                [.. Enumerable.Range(0, CohortHeatmap.MonthsShown).Select(m => (double?)0.456)]))], CohortHeatmap.MonthsShown),
            Cltv = new CltvReport(
                [new CltvFitRow("bgnbd", "on_boundary", -1e6, 1_000_000, LongName, null), new CltvFitRow("gamma_gamma", "failed", null, 1_000_000, LongName, 0.1)],
                [.. Enumerable.Range(0, 8).Select(i => new CltvParam("bgnbd", "alpha", 1.23456789e10, 1.2345e8))],
                [.. Enumerable.Range(0, 10).Select(i => new CltvWarning(LongName + LongName, 1_000_000))],
                [.. "ABCD".Select(s => new CltvSegmentRow(s.ToString(), 1_000_000, 1e6, 1000.5, 1e9))],
                [.. Enumerable.Range(0, CltvReport.TopCustomersShown).Select(i => new CltvCustomer(LongName + i, 100, 1000.5, 10.5, 0.9, 10000.5 - i))],
                6),
            Holdout = new HoldoutReport(new HoldoutSummary(month, month.AddMonths(6), 1_000_000, 1e6, 1e6, -0.1, 0.8, 0.6),
                [.. Enumerable.Range(0, HoldoutReport.PeriodsShown).Select(i => new TrackingPeriod(month.AddDays(7 * i), i > 10, 1e5, 1e5, 1e7, 1e7))],
                [.. Enumerable.Range(0, 8).Select(i => new HoldoutFrequencyRow(LongName, 1_000_000, 1.5, 1.4))], image),
            Quarters = new QuarterStory([.. Enumerable.Range(0, 4).Select(i => LongName)],
                [.. Enumerable.Range(0, QuarterStory.QuartersShown).Select(i => new QuarterRow($"2024-Q{i % 4 + 1}", 1_000_000, 1e10, [1, 2, 3, 4]))]),
            Personas = new PersonaSummary(LongName, [.. Enumerable.Range(0, PersonaSummary.PersonasShown + 1).Select(i => new PersonaRow(LongName, 1_000_000, 1000.5, "A", i == PersonaSummary.PersonasShown))], 11_000_000),
            Charts = new Dictionary<string, ReportImage> { ["kpi_trend"] = image },
        };
    }
}
