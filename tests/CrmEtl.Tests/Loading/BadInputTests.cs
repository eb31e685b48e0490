using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// Each malformed file fails the run with its file, line and column named, and leaves the
/// tables of the previous good run exactly as they were.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string database;

    public BadInputTests()
    {
        database = SmallProject.Run(temp.Path).DatabasePath;
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Unparsable_date_names_file_line_and_column_and_keeps_the_row_in_rejects()
    {
        var error = RunWith("malformed/bad_date.csv");

        Assert.Contains("bad_date.csv, line 4, column 'purchase_date'", error.Message);
        Assert.Contains("2024-02-30", error.Message);
        AssertPreviousRunIntact();
        var reject = Db.Query<(long Line, string Column, string CsvLine)>(database,
            "SELECT line, column_name, csv_line FROM load_rejects WHERE run_id = (SELECT max(run_id) FROM runs)").Single();
        Assert.Equal((4L, "purchase_date", "T03,2024-02-30,C3,SKU001,100.00,1"), reject);
    }

    [Fact]
    public void Unparsable_number_names_file_line_and_column()
    {
        var error = RunWith("malformed/bad_number.csv");

        Assert.Contains("bad_number.csv, line 3, column 'price'", error.Message);
        Assert.Contains("12.5.0", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Missing_column_lists_what_the_file_has_and_how_to_map_it()
    {
        var error = RunWith("malformed/missing_column.csv");

        Assert.Contains("missing_column.csv, line 1 (header): missing column 'purchase_date'", error.Message);
        Assert.Contains("The file has: transaction_id, customer_id, sku, price, qty", error.Message);
        Assert.Contains("sources.purchases.columns", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var error = RunWith("malformed/empty.csv");

        Assert.Contains("empty.csv: the file is empty", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Header_without_rows_is_refused()
    {
        var error = RunWith("malformed/header_only.csv");

        Assert.Contains("header_only.csv: the file has a header but no data rows", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Wrong_delimiter_is_named_with_the_likely_one()
    {
        var spec = SourceSpec.ForFile(Fixtures.Path("malformed/semicolons.csv")) with { Delimiter = "," };
        var error = RunWith(spec);

        Assert.Contains("semicolons.csv, line 1 (header): missing columns", error.Message);
        Assert.Contains("looks delimited by ';'", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Short_line_names_its_line()
    {
        var error = RunWith("malformed/ragged.csv");

        Assert.Contains("ragged.csv, line 3", error.Message);
        Assert.Contains("missing columns", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Long_last_line_names_its_line_not_the_header()
    {
        var error = RunWith("malformed/long_line.csv");

        Assert.Contains("long_line.csv, line 13: too many columns (Expected Number of Columns: 6 Found: 7)", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Empty_required_value_names_line_and_column()
    {
        var error = RunWith("malformed/empty_date.csv");

        Assert.Contains("empty_date.csv, line 3, column 'purchase_date': the value is empty", error.Message);
        AssertPreviousRunIntact();
    }

    /// <summary>A row without a customer id is no customer: left out and reported, not an error (see MessyExportTests).</summary>
    [Fact]
    public void Empty_customer_id_leaves_the_row_out_instead_of_failing()
    {
        var sources = SmallProject.Sources();
        sources["purchases"] = SourceSpec.ForFile(Fixtures.Path("malformed/empty_customer.csv"));
        var observer = new RecordingObserver();

        var summary = new Pipeline(observer).Run(new PipelineOptions(Fixtures.Config(sources), temp.Path));

        Assert.Equal(1, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM purchases"));
        Assert.Contains(observer.Warnings, w => w.Contains("1 row(s) have no customer id (first at line 3)", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var error = RunWith(SourceSpec.ForFile(temp.Combine("nowhere.csv")));

        Assert.Contains("nowhere.csv: file not found", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Renamed_column_with_a_bad_value_names_the_file_column_and_its_mapping()
    {
        var file = temp.File("renamed.csv", "id,day,customer,total\nT1,2024-01-02,C1,10\nT2,02/01/2024,C2,20\n");
        var error = RunWith(Mapped(file, purchaseDate: "day"));

        Assert.Contains("renamed.csv, line 3, column 'day' (mapped to purchase_date)", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Mapping_expression_that_fails_on_a_row_names_its_line()
    {
        var file = temp.File("computed.csv", "id,day,customer,total\nT1,02/01/2024,C1,10\nT2,03/01/2024,C2,20\nT3,2024-01-04,C3,30\n");
        var error = RunWith(Mapped(file, purchaseDate: "strptime(day, '%d/%m/%Y')"));

        Assert.Contains("computed.csv, line 4, column 'purchase_date' (\"strptime(day, '%d/%m/%Y')\")", error.Message);
        Assert.Contains("2024-01-04", error.Message);
        AssertPreviousRunIntact();
    }

    [Fact]
    public void Mapping_expression_over_an_unknown_column_lists_the_file_columns()
    {
        var file = temp.File("unknown.csv", "id,day,customer,total\nT1,2024-01-02,C1,10\n");
        var error = RunWith(Mapped(file, purchaseDate: "order_day + 1"));

        Assert.Contains("the mapping of 'purchase_date' (\"order_day + 1\") is not valid SQL over the file's columns (id, day, customer, total)", error.Message);
        AssertPreviousRunIntact();
    }

    private static SourceSpec Mapped(string file, string purchaseDate) => new(file, new Dictionary<string, string>
    {
        ["transaction_id"] = "id",
        ["purchase_date"] = purchaseDate,
        ["customer_id"] = "customer",
        ["amount"] = "total",
    });

    [Fact]
    public void Semicolon_file_without_a_declared_delimiter_is_sniffed_and_loads()
    {
        var summary = SmallProject.Run(temp.Path, Fixtures.Path("malformed/semicolons.csv"));

        Assert.Equal(2, summary.Inputs.Single(i => i.Name == "purchases").Rows);
    }

    private CrmEtlException RunWith(string purchasesFixture) =>
        RunWith(SourceSpec.ForFile(Fixtures.Path(purchasesFixture)));

    private CrmEtlException RunWith(SourceSpec purchases)
    {
        var sources = SmallProject.Sources();
        sources["purchases"] = purchases;
        return Assert.Throws<CrmEtlException>(() => Fixtures.Run(Fixtures.Config(sources), temp.Path));
    }

    private void AssertPreviousRunIntact()
    {
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(database));
        Assert.Equal(8, Db.Scalar<long>(database, "SELECT count(*) FROM transaction_flags"));
        Assert.Equal(9, Db.Scalar<long>(database, "SELECT count(*) FROM purchases"));
        var runs = Db.Query<string>(database, "SELECT status FROM runs ORDER BY run_id");
        Assert.Equal(["succeeded", "failed"], runs);
    }
}
