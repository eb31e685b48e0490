using CrmEtl.Core.Reporting.Sections;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting;

/// <summary>
/// Reads the report's sections from the output tables, one query per section (each in
/// <c>Sections/</c>). A section whose tables are empty stays null, and the templates leave it out.
/// </summary>
public sealed class ReportModelBuilder(DuckDBConnection connection)
{
    public ReportModel Build(RunInfo run, string title = "Customer lifecycle report")
    {
        var monthly = MonthlyTrend.Read(connection);
        var holdout = HoldoutReport.Read(connection);
        var charts = new[] { ("kpi_trend", monthly?.Chart), ("holdout_tracking", holdout?.Chart) }
            .Where(c => c.Item2 is not null)
            .ToDictionary(c => c.Item1, c => c.Item2!);
        // The headline figures are the tiles' totals, read once: each counts distinct customers over all leads or transactions.
        var tiles = Tiles.Read(connection, run.RunId, run.AsOf);
        return new ReportModel(title, run, tiles?.Headline ?? Headline.None, ReadFunnel())
        {
            Tiles = tiles,
            AdFunnel = AdFunnel.Read(connection),
            Tiers = TierSummary.Read(connection),
            Rfm = RfmSummary.Read(connection),
            Monthly = monthly,
            Cohorts = CohortHeatmap.Read(connection),
            Cltv = CltvReport.Read(connection),
            Holdout = holdout,
            Quarters = QuarterStory.Read(connection),
            Personas = PersonaSummary.Read(connection),
            Changes = RunChanges.Read(connection, run),
            Charts = charts,
        };
    }

    private List<FunnelStage> ReadFunnel() => connection.Query<FunnelStage>("""
        SELECT stage AS Stage, stage_order AS StageOrder, customers AS Customers,
               conversion_rate AS ConversionRate, share_of_leads AS ShareOfLeads
        FROM funnel ORDER BY stage_order
        """).ToList();
}
