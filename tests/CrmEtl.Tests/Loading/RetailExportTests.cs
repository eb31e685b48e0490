using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// A real public export (data/retail/README.md): six days of a shop's invoices with US dates,
/// "(blank)" for unknown customers and cancellation invoices, loaded as the README's "Loading a
/// real export" does. Expected counts are taken from the file itself with plain SQL.
/// </summary>
public sealed class RetailExportTests
{
    private static readonly string File = Fixtures.Path("retail/online_retail_invoices_2010-12-01_to_06.csv");

    private static SourceSpec Invoices(IReadOnlyList<string>? dateFormats, IReadOnlyList<string>? missing) =>
        new(File,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["transaction_id"] = "InvoiceNo", ["purchase_date"] = "InvoiceDate", ["customer_id"] = "CustomerID",
                ["qty"] = "Quantity", ["price"] = "UnitPrice", ["is_return"] = "starts_with(InvoiceNo, 'C')",
            },
            MissingValues: missing, DateFormats: dateFormats);

    private static (RunSummary Summary, RecordingObserver Observer) Run(SourceSpec purchases, string output)
    {
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase) { ["purchases"] = purchases });
        var observer = new RecordingObserver();
        return (new Pipeline(observer).Run(new PipelineOptions(config, output)), observer);
    }

    [Fact]
    public void Without_a_date_format_the_error_offers_one_and_warns_that_day_and_month_are_ambiguous()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<CrmEtlException>(() => Run(Invoices(null, null), temp.Path));

        Assert.Contains("line 2, column 'InvoiceDate'", error.Message, StringComparison.Ordinal);
        Assert.Contains("every value also reads as %d/%m/%Y %H:%M", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("\"dateFormat\": \"%m/%d/%Y %H:%M\",", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_export_loads_with_blank_customers_left_out_and_cancellations_never_purchases()
    {
        using var temp = new TempDirectory();
        string[] missing = [.. SourceSpec.DefaultMissingValues, "(blank)"];

        var (summary, observer) = Run(Invoices(["%m/%d/%Y %H:%M"], missing), temp.Path);
        var db = summary.DatabasePath;

        var expected = Db.Query<(long Rows, long Blank, long Returns, long Invoices, long Buyers)>(db, $"""
            WITH f AS (SELECT * FROM read_csv({Sql(File)}, header = true, all_varchar = true))
            SELECT count(*),
                   count(*) FILTER (WHERE CustomerID = '(blank)'),
                   count(*) FILTER (WHERE CustomerID <> '(blank)'
                                      AND (InvoiceNo LIKE 'C%' OR CAST(Quantity AS DOUBLE) * CAST(UnitPrice AS DOUBLE) < 0)),
                   count(DISTINCT InvoiceNo) FILTER (WHERE CustomerID <> '(blank)' AND InvoiceNo NOT LIKE 'C%'
                                                       AND CAST(Quantity AS DOUBLE) * CAST(UnitPrice AS DOUBLE) >= 0),
                   count(DISTINCT CustomerID) FILTER (WHERE CustomerID <> '(blank)' AND InvoiceNo NOT LIKE 'C%'
                                                        AND CAST(Quantity AS DOUBLE) * CAST(UnitPrice AS DOUBLE) >= 0)
            FROM f
            """).Single();
        Assert.Equal((647L, 90L, 60L), (expected.Rows, expected.Blank, expected.Returns));

        Assert.Equal($"purchases {expected.Rows} ({expected.Blank} without a customer id)", observer.Details["load"]);
        Assert.Contains(observer.Warnings, w => w.Contains($"{expected.Blank} row(s) have no customer id (first at line 45)", StringComparison.Ordinal));
        Assert.Equal(expected.Returns, Db.Scalar<long>(db, "SELECT count(*) FROM purchase_returns"));
        Assert.Equal(expected.Invoices, Db.Scalar<long>(db, "SELECT count(*) FROM transactions"));
        Assert.Equal(expected.Buyers, Db.Scalar<long>(db, "SELECT count(*) FROM customer_rfm"));
        Assert.Equal(0, Db.Scalar<long>(db, "SELECT count(*) FROM customer_rfm WHERE customer_id = '(blank)'"));

        // Invoice 536591 has two rows a minute apart: one purchase, of their two amounts.
        Assert.Equal(81 * 2.7826 + 12 * 3.89, Db.Scalar<double>(db, "SELECT amount FROM transactions WHERE transaction_id = '536591'"), 9);

        // 14527's only purchase here is 537159 (2010-12-05 13:17): C536379 (27.50, 2010-12-01) comes before
        // any purchase and C537164 (29.29, 13:21 the same day) after it; both are netted against it.
        Assert.Equal(("537159", 60 * 5.3554 - 27.5 - 29.29), Db.Query<(string, double)>(db,
            "SELECT transaction_id, amount FROM transactions WHERE customer_id = '14527'").Single(), new AmountComparer());

        var funnel = Db.Query<(long Customers, double? Rate)>(db, "SELECT customers, conversion_rate FROM funnel WHERE stage_order > 2 ORDER BY stage_order");
        Assert.All(funnel, stage => Assert.InRange(stage.Rate ?? 0, 0.0, 1.0));
    }

    private static string Sql(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private sealed class AmountComparer : IEqualityComparer<(string, double)>
    {
        public bool Equals((string, double) x, (string, double) y) => x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-9;

        public int GetHashCode((string, double) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
