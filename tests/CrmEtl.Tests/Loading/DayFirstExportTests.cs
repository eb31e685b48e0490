using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// A real public export with day-first, two-digit-year dates (data/retail/README.md): DuckDB's reader takes
/// "01/12/10 08:26" without a format as the year 1, without an error; the load must refuse it, not analyse it.
/// </summary>
public sealed class DayFirstExportTests
{
    private static readonly string File = Fixtures.Path("retail/online_retail_lines_day_first_sample.csv");

    private static SourceSpec Lines(IReadOnlyList<string>? dateFormats) =>
        new(File,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["transaction_id"] = "InvoiceNo", ["purchase_date"] = "InvoiceDate", ["customer_id"] = "CustomerID",
                ["qty"] = "Quantity", ["price"] = "replace(UnitPrice, ',', '.')::DOUBLE", ["sku"] = "StockCode",
            },
            Delimiter: ";", DateFormats: dateFormats);

    private static RunSummary Run(SourceSpec purchases, string output) =>
        new Pipeline(new RecordingObserver()).Run(new PipelineOptions(
            Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase) { ["purchases"] = purchases }), output));

    [Fact]
    public void Day_first_dates_without_a_format_are_refused_with_the_line_the_date_and_a_format_to_add()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<CrmEtlException>(() => Run(Lines(null), temp.Path));

        Assert.Contains(
            "online_retail_lines_day_first_sample.csv, line 2, column 'purchase_date' (mapped from 'InvoiceDate'): the date reads as 0001-12-10, a year before 1000",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("every value also reads as %d/%m/%y %H:%M", error.Message, StringComparison.Ordinal);
        // The journal records the failed run; no table of the inputs is left to be analysed.
        var tables = Db.Query<string>(Path.Combine(temp.Path, "crm.duckdb"), "SELECT table_name FROM duckdb_tables()");
        Assert.DoesNotContain("raw_purchases", tables);
        Assert.Contains("runs", tables);
    }

    [Fact]
    public void With_the_day_first_format_the_lines_load_as_the_first_of_december_2010()
    {
        using var temp = new TempDirectory();

        var summary = Run(Lines(["%d/%m/%y %H:%M"]), temp.Path);

        var (first, last, lines, returns) = Db.Query<(DateTime, DateTime, long, long)>(summary.DatabasePath,
            "SELECT min(purchase_date), max(purchase_date), count(*), count(*) FILTER (WHERE amount < 0) FROM purchases").Single();
        Assert.Equal((new DateTime(2010, 12, 1), new DateTime(2010, 12, 1)), (first, last));
        // 999 lines, one without a customer id (line 624); the ten cancellations have negative quantities.
        Assert.Equal((998L, 10L), (lines, returns));
        Assert.Equal(2.55 * 6, Db.Scalar<double>(summary.DatabasePath, "SELECT amount FROM purchases WHERE source_line = 2"), 12);
    }
}
