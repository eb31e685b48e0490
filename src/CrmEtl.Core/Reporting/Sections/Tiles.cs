using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

/// <summary>One headline figure: its value to date, the last complete month's and how both moved.</summary>
/// <param name="Format">How the template formats the numbers: <c>N0</c> for counts, <c>N2</c> for money per order.</param>
/// <param name="MonthChange">The last complete month against the month before, as a ratio minus 1.</param>
/// <param name="RunChange">The value against the previous successful run's, as a ratio minus 1.</param>
public sealed record Tile(string Key, string Label, double Value, string Format, double? MonthValue, double? MonthChange, double? RunChange);

/// <summary>Section 1: the period covered and the KPI tiles.</summary>
public sealed record Tiles(
    DateTime? PeriodStart,
    DateTime PeriodEnd,
    IReadOnlyList<Tile> Items,
    DateTime? Month,
    DateTime? PreviousMonth,
    int? PreviousRunId,
    DateTime? PreviousRunAsOf)
{
    /// <summary>The figures a run keeps in <c>run_kpis</c>, so the next run can say how they moved.</summary>
    public IEnumerable<(string Kpi, double Value)> Kpis => Items.Select(t => (t.Key, t.Value));

    public Tile? Find(string key) => Items.FirstOrDefault(t => t.Key == key);

    /// <summary>The totals the tiles show, for the mail's text part.</summary>
    public Headline Headline { get; init; } = Headline.None;

    private sealed record Totals(long Leads, long Buyers, long RepeatBuyers, long Transactions, double Revenue, DateTime? PeriodStart);

    private sealed record MonthRow(DateTime MonthStart, bool MonthComplete, long Leads, long ActiveCustomers, long ReturningCustomers, long Transactions, double Revenue);

    private sealed record PreviousRun(int RunId, DateTime? AsOf, string Kpi, double Value);

    /// <summary>
    /// The totals are the one row of <c>headline_totals</c> (sql/415_headline_totals.sql: from the transactions when there
    /// are any, else from a per-customer export); the month figures are the last complete months of <c>monthly_kpis</c>.
    /// </summary>
    public static Tiles? Read(DuckDBConnection connection, int runId, DateTime asOf)
    {
        var totals = connection.QuerySingle<Totals>("""
            SELECT leads AS Leads, buyers AS Buyers, repeat_buyers AS RepeatBuyers, transactions AS Transactions,
                   revenue AS Revenue, first_date::TIMESTAMP AS PeriodStart
            FROM headline_totals
            """);
        if (totals.Leads == 0 && totals.Buyers == 0)
        {
            return null;
        }

        var months = connection.Query<MonthRow>("""
            SELECT month::TIMESTAMP AS MonthStart, month_complete AS MonthComplete, leads AS Leads, active_customers AS ActiveCustomers,
                   returning_customers AS ReturningCustomers, transactions AS Transactions, revenue::DOUBLE AS Revenue
            FROM monthly_kpis ORDER BY month DESC LIMIT 3
            """).ToList();
        var complete = months.SkipWhile(m => !m.MonthComplete).ToList();
        var (last, before) = (complete.ElementAtOrDefault(0), complete.ElementAtOrDefault(1));

        var previous = connection.Query<PreviousRun>("""
            SELECT k.run_id AS RunId, r.as_of::TIMESTAMP AS AsOf, k.kpi AS Kpi, k.value AS Value
            FROM run_kpis AS k JOIN runs AS r USING (run_id)
            WHERE k.run_id = (SELECT max(run_id) FROM runs WHERE status = 'succeeded' AND run_id < $run_id)
            """, new { run_id = runId }).ToDictionary(p => p.Kpi);

        Tile tile(string key, string label, double value, string format, Func<MonthRow, double?> monthly)
        {
            var monthValue = last is null ? null : monthly(last);
            var monthBefore = before is null ? null : monthly(before);
            return new Tile(key, label, value, format, monthValue, Change(monthValue, monthBefore),
                previous.TryGetValue(key, out var run) ? Change(value, run.Value) : null);
        }

        var items = new List<Tile>();
        if (totals.Leads > 0)
        {
            items.Add(tile("leads", "Leads", totals.Leads, "N0", m => m.Leads));
        }

        if (totals.Buyers > 0)
        {
            items.Add(tile("buyers", "Buyers", totals.Buyers, "N0", m => m.ActiveCustomers));
            items.Add(tile("repeat_buyers", "Repeat buyers", totals.RepeatBuyers, "N0", m => m.ReturningCustomers));
            items.Add(tile("revenue", "Revenue", totals.Revenue, "N0", m => m.Revenue));
            items.Add(tile("average_order_value", "Average order", totals.Transactions > 0 ? totals.Revenue / totals.Transactions : 0, "N2",
                m => m.Transactions > 0 ? m.Revenue / m.Transactions : null));
        }

        var anyPrevious = previous.Values.FirstOrDefault();
        return new Tiles(totals.PeriodStart, asOf, items, last?.MonthStart, before?.MonthStart, anyPrevious?.RunId, anyPrevious?.AsOf)
        {
            Headline = new Headline(totals.Leads, totals.Buyers, totals.RepeatBuyers, totals.Transactions, totals.Revenue),
        };
    }

    /// <summary>Keeps this run's figures for the next run's comparison (in the new database, so only a successful run's remain).</summary>
    public void Record(DuckDBConnection connection, int runId)
    {
        foreach (var (kpi, value) in Kpis)
        {
            connection.Execute("INSERT INTO run_kpis VALUES ($run_id, $kpi, $value)", new { run_id = runId, kpi, value });
        }
    }

    private static double? Change(double? current, double? previous) =>
        current is { } c && previous is { } p && p != 0 ? c / p - 1 : null;
}
