using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting;

/// <summary>Reads the report's sections from the output tables, one query per section.</summary>
public sealed class ReportModelBuilder(DuckDBConnection connection)
{
    public ReportModel Build(RunInfo run, string title = "Customer lifecycle report") =>
        new(title, run, ReadHeadline(), ReadFunnel());

    private Headline ReadHeadline() => connection.QuerySingle<Headline>("""
        SELECT
            (SELECT count(DISTINCT customer_id) FROM leads WHERE lead_date <= getvariable('as_of')) AS Leads,
            count(DISTINCT customer_id) AS Buyers,
            count(DISTINCT customer_id) FILTER (WHERE retention) AS RepeatBuyers,
            count(*) AS Transactions,
            coalesce(sum(amount), 0) AS Revenue
        FROM transaction_flags
        """);

    private List<FunnelStage> ReadFunnel() => connection.Query<FunnelStage>("""
        SELECT stage AS Stage, stage_order AS StageOrder, customers AS Customers,
               conversion_rate AS ConversionRate, share_of_leads AS ShareOfLeads
        FROM funnel ORDER BY stage_order
        """).ToList();
}
