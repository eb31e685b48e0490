using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// data/exports/invoices.csv: semicolons, US dates with a time of day in two formats (12/1/2010
/// and 12/1/10), a cancellation (C536369), customer ids missing as NA (line 4) and empty (line 5),
/// and one written "(blank)" (line 8).
/// </summary>
public sealed class MessyExportTests
{
    private static readonly string[] UsDates = ["%m/%d/%y %H:%M", "%m/%d/%Y %H:%M"];

    private static SourceSpec Invoices(IReadOnlyList<string>? dateFormats = null, string? where = null, IReadOnlyList<string>? missing = null) =>
        new(Fixtures.Path("exports/invoices.csv"),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["transaction_id"] = "InvoiceNo", ["purchase_date"] = "InvoiceDate", ["customer_id"] = "CustomerID",
                ["qty"] = "Quantity", ["price"] = "UnitPrice",
            },
            Delimiter: ";", Where: where, MissingValues: missing, DateFormats: dateFormats);

    private static (RunSummary Summary, RecordingObserver Observer) Run(SourceSpec purchases, string output)
    {
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase) { ["purchases"] = purchases });
        var observer = new RecordingObserver();
        return (new Pipeline(observer).Run(new PipelineOptions(config, output)), observer);
    }

    [Fact]
    public void A_date_error_hands_the_user_a_dateFormat_line_that_reads_every_value()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<CrmEtlException>(() => Run(Invoices(), temp.Path));

        Assert.Contains("invoices.csv, line 2, column 'InvoiceDate'", error.Message, StringComparison.Ordinal);
        Assert.Contains("""add this line to sources.purchases in crmetl.json:  "dateFormat": ["%m/%d/%y %H:%M", "%m/%d/%Y %H:%M"],""",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_missing_markers_and_date_formats_make_the_export_load()
    {
        using var temp = new TempDirectory();

        var (summary, observer) = Run(Invoices(UsDates, "NOT starts_with(InvoiceNo, 'C')"), temp.Path);
        var db = summary.DatabasePath;

        // 7 rows: C536369 left out by the where; NA (line 4) and the empty id (line 5) are no customer.
        // "(blank)" is not a default missing marker, so it is a customer id here.
        var kept = Db.Query<(string Id, string Customer, DateTime Date)>(db,
            "SELECT transaction_id, customer_id, purchase_date FROM purchases ORDER BY source_line");
        Assert.Equal(
            [("536365", "17850", new DateTime(2010, 12, 1)), ("536366", "17850", new DateTime(2010, 12, 1)),
             ("536370", "13047", new DateTime(2010, 12, 13)), ("536371", "(blank)", new DateTime(2010, 12, 14))],
            kept);
        Assert.Equal("purchases 7 (1 left out by where, 2 without a customer id)", observer.Details["load"]);
        var warning = Assert.Single(observer.Warnings, w => w.Contains("customer id", StringComparison.Ordinal));
        Assert.Contains("2 row(s) have no customer id (first at line 4)", warning, StringComparison.Ordinal);

        var rejects = Db.Query<(long Line, string Column, string Type, string CsvLine)>(db,
            "SELECT line, column_name, error_type, csv_line FROM load_rejects ORDER BY line");
        Assert.Equal([4L, 5], rejects.Select(r => r.Line));
        Assert.All(rejects, r => Assert.Equal(("CustomerID", "MISSING CUSTOMER ID"), (r.Column, r.Type)));
        Assert.Contains("536367", rejects[0].CsvLine, StringComparison.Ordinal);
        Assert.Equal([1L, 2], Db.Query<long>(db,
            "SELECT unnest([CAST(inputs[0]->>'rows_left_out_by_where' AS BIGINT), CAST(inputs[0]->>'rows_without_customer_id' AS BIGINT)]) FROM runs"));
    }

    [Fact]
    public void The_missing_markers_are_configurable_per_source()
    {
        using var temp = new TempDirectory();

        var (summary, observer) = Run(Invoices(UsDates, missing: ["", "NA", "(blank)"]), temp.Path);

        Assert.Equal(["13047", "17850"], Db.Query<string>(summary.DatabasePath, "SELECT DISTINCT customer_id FROM purchases ORDER BY 1"));
        Assert.Equal("purchases 7 (3 without a customer id)", observer.Details["load"]);
        // Without a where the cancellation is loaded, and is a return, not a purchase.
        Assert.Equal(1, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM purchase_returns"));
    }

    [Fact]
    public void A_percent_Y_format_tried_before_percent_y_is_caught_instead_of_reading_the_year_10()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<CrmEtlException>(() => Run(Invoices(["%m/%d/%Y %H:%M", "%m/%d/%y %H:%M"]), temp.Path));

        Assert.Contains("line 3, column 'purchase_date': the date reads as a year before 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_no_format_reads_names_its_line()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<CrmEtlException>(() => Run(Invoices(["%m/%d/%y %H:%M"]), temp.Path));

        Assert.Contains("line 2, column 'purchase_date'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"dateFormat\": [\"%m/%d/%y %H:%M\", \"%m/%d/%Y %H:%M\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_where_that_is_not_sql_over_the_file_names_the_setting()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<CrmEtlException>(() => Run(Invoices(UsDates, "NOT starts_with(Invoice, 'C')"), temp.Path));

        Assert.Contains("sources.purchases.where (\"NOT starts_with(Invoice, 'C')\") is not a valid SQL condition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_reads_where_missing_and_one_or_several_date_formats()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", """
            {
              "sources": {
                "purchases": { "path": "p.csv", "where": "NOT starts_with(InvoiceNo, 'C')", "missing": ["", "(blank)"],
                               "dateFormat": ["%m/%d/%y %H:%M", "%m/%d/%Y %H:%M"] },
                "leads": { "path": "l.csv", "dateFormat": "%d/%m/%Y" }
              }
            }
            """);

        var config = ConfigReader.Read(path);

        var purchases = config.Sources["purchases"];
        Assert.Equal("NOT starts_with(InvoiceNo, 'C')", purchases.Where);
        Assert.Equal(["", "(blank)"], purchases.MissingMarkers);
        Assert.Equal(UsDates, purchases.DateFormats);
        Assert.Equal(["%d/%m/%Y"], config.Sources["leads"].DateFormats);
        Assert.Equal(SourceSpec.DefaultMissingValues, config.Sources["leads"].MissingMarkers);
    }
}
