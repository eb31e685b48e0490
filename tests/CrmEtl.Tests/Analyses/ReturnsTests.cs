using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// data/returns/purchases.csv, as of 2024-06-30 (every line is in the 6-month tier window):
///   R1  T1 2024-01-10: +100, +50 and a line taken back on the same invoice, -30; T2 2024-02-10: +200;
///       C10 2024-02-20: -50, a credit note of its own, netted against T2 (the latest purchase before it).
///   R2  T3 2024-01-15: +300; C3 2024-01-20: -300 cancels it (netted against T3); T4 2024-03-01: +80.
///   R3  C5 2024-01-05: -40, before any purchase, netted against the first one, T6 2024-02-01: +100; T7 2024-03-05: +60.
///   R4  C8 2024-02-01: -25 and nothing else: no purchase, no customer.
///   R5  T9 2024-04-01: +500, no returns.
/// Return lines: T1's third line, C10, C3, C5, C8: 5 lines of 4 customers (R1–R4).
/// </summary>
public sealed class ReturnsTests
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    private static (Core.RunSummary Summary, RecordingObserver Observer) Run(string output, string returns = "net")
    {
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(Fixtures.Path("returns/purchases.csv")),
        }, AsOf, new Dictionary<string, string> { ["returns"] = returns });
        var observer = new RecordingObserver();
        return (new Core.Pipeline(observer).Run(new Core.PipelineOptions(config, output)), observer);
    }

    [Fact]
    public void Returns_are_never_purchases_and_are_netted_against_the_purchase_they_follow()
    {
        using var temp = new TempDirectory();
        var (summary, observer) = Run(temp.Path);
        var db = summary.DatabasePath;

        // Transactions: T1 150 − 30 = 120, T2 200 − 50 = 150, T3 300 − 300 = 0, T4 80, T6 100 − 40 = 60, T7 60, T9 500.
        var transactions = Db.Query<(string Id, double Amount, long Lines)>(db,
            "SELECT transaction_id, amount, lines FROM transactions ORDER BY transaction_id");
        Assert.Equal(
            [("T1", 120.0, 2L), ("T2", 150.0, 1L), ("T3", 0.0, 1L), ("T4", 80.0, 1L), ("T6", 60.0, 1L), ("T7", 60.0, 1L), ("T9", 500.0, 1L)],
            transactions);

        var returns = Db.Query<(long Line, string Customer, bool Within, string? NetsAgainst)>(db,
            "SELECT source_line, customer_id, within_purchase, nets_against_transaction FROM purchase_returns ORDER BY source_line");
        Assert.Equal(
            [(4L, "R1", true, "T1"), (6L, "R1", false, "T2"), (8L, "R2", false, "T3"), (10L, "R3", false, "T6"), (13L, "R4", false, (string?)null)],
            returns);
        Assert.Contains("5 return line(s) of 4 customer(s), netted against spend", observer.Details["models"], StringComparison.Ordinal);

        // First purchases R1, R2, R3, R5; second purchases T2 (31 days), T4 (46), T7 (33). R4 is no buyer.
        Assert.Equal([0L, 4, 3], SmallProject.FunnelIn(db).Take(3));

        // RFM: frequency counts purchases only; monetary nets every return of the customer;
        // recency runs from the last purchase (R2: 2024-03-01, not its return).
        var rfm = Db.Query<(string Customer, long Recency, double Frequency, double Monetary)>(db,
            "SELECT customer_id, recency, frequency, monetary FROM customer_rfm ORDER BY customer_id");
        Assert.Equal(
            [("R1", 141L, 2.0, 270.0), ("R2", 121L, 2.0, 80.0), ("R3", 117L, 2.0, 120.0), ("R5", 90L, 1.0, 500.0)],
            rfm);
        var units = Db.Query<(string Customer, double Units, DateTime First)>(db,
            "SELECT customer_id, units, first_purchase_date FROM customer_purchase_totals ORDER BY customer_id");
        Assert.Equal(
            [("R1", 1.0, new DateTime(2024, 1, 10)), ("R2", 1.0, new DateTime(2024, 1, 15)), ("R3", 1.0, new DateTime(2024, 2, 1)), ("R5", 1.0, new DateTime(2024, 4, 1))],
            units);

        // CLTV: one repeat day each; R1's repeat spend 200 − 50 (C10 follows T2); R2's and R3's
        // returns are netted against their first day, which monetary leaves out: 80 and 60.
        var cltv = Db.Query<(string Customer, double Frequency, double? Monetary)>(db,
            "SELECT customer_id, frequency, monetary FROM cltv_summary ORDER BY customer_id");
        Assert.Equal([("R1", 1.0, 150.0), ("R2", 1.0, 80.0), ("R3", 1.0, 60.0), ("R5", 0.0, (double?)null)], cltv);
    }

    [Fact]
    public void With_returns_drop_their_amounts_are_ignored()
    {
        using var temp = new TempDirectory();
        var (summary, observer) = Run(temp.Path, "drop");
        var db = summary.DatabasePath;

        var monetary = Db.Query<(string Customer, double Frequency, double Monetary)>(db,
            "SELECT customer_id, frequency, monetary FROM customer_rfm ORDER BY customer_id");
        Assert.Equal([("R1", 2.0, 350.0), ("R2", 2.0, 380.0), ("R3", 2.0, 160.0), ("R5", 1.0, 500.0)], monetary);
        Assert.Equal([150.0, 200.0, 300.0], Db.Query<double>(db,
            "SELECT amount FROM transactions WHERE transaction_id IN ('T1', 'T2', 'T3') ORDER BY transaction_id"));
        Assert.Equal(200.0, Db.Scalar<double>(db, "SELECT monetary FROM cltv_summary WHERE customer_id = 'R1'"));
        Assert.Contains("5 return line(s) of 4 customer(s), dropped", observer.Details["models"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_can_mark_returns_whatever_the_sign_of_their_amount()
    {
        using var temp = new TempDirectory();
        var purchases = temp.File("p.csv", """
            invoice,day,customer,total
            1001,2024-01-10,A,100
            C1001,2024-01-12,A,40
            1002,2024-02-10,A,60

            """);
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(purchases) with
            {
                Columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["transaction_id"] = "invoice", ["purchase_date"] = "day", ["customer_id"] = "customer", ["amount"] = "total",
                    ["is_return"] = "starts_with(invoice, 'C')",
                },
            },
        }, AsOf);

        var summary = Fixtures.Run(config, temp.Combine("out"));

        // The credit note C1001 carries +40: it is a return all the same, and takes 40 off A's spend.
        Assert.Equal(2.0, Db.Scalar<double>(summary.DatabasePath, "SELECT frequency FROM customer_rfm"));
        Assert.Equal(120.0, Db.Scalar<double>(summary.DatabasePath, "SELECT monetary FROM customer_rfm"));
        Assert.Equal(60.0, Db.Scalar<double>(summary.DatabasePath, "SELECT amount FROM transactions WHERE transaction_id = '1001'"));
    }

    [Fact]
    public void An_unknown_returns_setting_stops_the_run_before_anything_is_loaded()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(Fixtures.Path("returns/purchases.csv")),
        }, AsOf, new Dictionary<string, string> { ["returns"] = "keep" });
        var observer = new RecordingObserver();

        var error = Assert.Throws<Core.CrmEtlException>(() => new Core.Pipeline(observer).Run(new Core.PipelineOptions(config, temp.Path)));

        Assert.EndsWith("parameter 'returns' is 'keep'; it must be one of net, drop.", error.Message, StringComparison.Ordinal);
        Assert.Empty(observer.Started);
        Assert.False(File.Exists(temp.Combine("crm.duckdb")));
    }
}
