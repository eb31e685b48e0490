using System.IO.Compression;
using System.Text.Json;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// A source given as a folder or a pattern: daily exports that overlap by a day, read as one
/// source, rows repeated across files dropped, every file journaled, bad rows named in their own file.
/// </summary>
public sealed class SourceFolderTests : IDisposable
{
    private const string Header = "transaction_id,purchase_date,customer_id,sku,price,qty";

    private static readonly string[] SmallPurchases = File.ReadAllLines(Fixtures.Path("small/purchases.csv"))[1..];

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Overlapping_daily_exports_in_a_folder_give_the_tables_of_the_one_file_they_split()
    {
        // The small fixture's 9 lines in three exports that each repeat the previous one's last two lines; one gzipped.
        var folder = temp.Combine("exports");
        WriteCsv("exports/purchases-1.csv", SmallPurchases[0..4]);
        WriteCsv("exports/purchases-2.csv", SmallPurchases[2..7]);
        WriteCsv("exports/purchases-3.csv.gz", SmallPurchases[5..9]);
        temp.File("exports/notes.txt", "not an export");
        var observer = new RecordingObserver();

        var summary = Run(folder, observer);

        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(summary.DatabasePath));
        Assert.Equal(9, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM purchases"));
        var input = Assert.Single(summary.Inputs, i => i.Name == "purchases");
        Assert.Equal((13L, 4L, 9L), (input.Rows, input.RowsDroppedAsDuplicates, input.RowsKept));
        Assert.Equal(["purchases-1.csv", "purchases-2.csv", "purchases-3.csv.gz"], input.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Contains("purchases 13 from 3 files (4 repeated across files dropped)", observer.Details["load"]);
        using var journal = JournaledInputs(summary.DatabasePath);
        var purchases = journal.RootElement.EnumerateArray().Single(i => i.GetProperty("source").GetString() == "purchases");
        Assert.Equal(folder, purchases.GetProperty("path").GetString());
        Assert.Equal(4, purchases.GetProperty("rows_dropped_as_duplicates").GetInt64());
        var files = purchases.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([4L, 5, 4], files.Select(f => f.GetProperty("rows").GetInt64()));
        Assert.Equal(new FileInfo(temp.Combine("exports/purchases-3.csv.gz")).Length, files[2].GetProperty("bytes").GetInt64());
        Assert.All(files, f => Assert.Matches("^[0-9a-f]{64}$", f.GetProperty("sha256").GetString()));
    }

    [Fact]
    public void Rows_repeated_within_one_file_are_kept_and_a_pattern_reads_only_what_it_matches()
    {
        WriteCsv("in/purchases-a.csv", ["T01,2024-01-02,C1,SKU001,100.00,1", "T01,2024-01-02,C1,SKU001,100.00,1"]);
        WriteCsv("in/purchases-b.csv", ["T01,2024-01-02,C1,SKU001,100.00,1", "T01,2024-01-02,C1,SKU001,100.00,1", "T02,2024-01-05,C1,SKU001,5.00,1"]);
        WriteCsv("in/other.csv", ["T99,2024-01-02,C9,SKU001,100.00,1"]);

        var summary = Run(temp.Combine("in/purchases-*.csv"), new RecordingObserver());

        // Two identical lines of one order, exported on both days: two lines, not one and not four.
        Assert.Equal(2, summary.Inputs[0].RowsDroppedAsDuplicates);
        Assert.Equal([200.0, 5.0], Db.Query<double>(summary.DatabasePath, "SELECT sum(amount) FROM purchases GROUP BY transaction_id ORDER BY transaction_id"));
        Assert.Equal(0, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM purchases WHERE customer_id = 'C9'"));
    }

    [Fact]
    public void Purchases_without_transaction_ids_are_deduplicated_by_their_lines_and_stay_distinct_transactions()
    {
        temp.File("in/a.csv", "purchase_date,customer_id,amount\n2024-01-02,C1,10\n2024-01-03,C1,20\n");
        temp.File("in/b.csv", "purchase_date,customer_id,amount\n2024-01-03,C1,20\n2024-01-04,C1,30\n");

        var summary = Run(temp.Combine("in"), new RecordingObserver());

        Assert.Equal(1, summary.Inputs[0].RowsDroppedAsDuplicates);
        Assert.Equal(3, Db.Scalar<long>(summary.DatabasePath, "SELECT count(DISTINCT transaction_id) FROM purchases"));
    }

    [Fact]
    public void A_later_export_revises_an_ad_row_of_the_same_day_campaign_and_source()
    {
        temp.File("ads/ads-1.csv", "date,campaign_id,source,impressions,clicks,spend\n2024-01-01,C1,Google,100,10,50.0\n2024-01-02,C1,Google,100,10,40.0\n");
        temp.File("ads/ads-2.csv", "date,campaign_id,source,impressions,clicks,spend\n2024-01-02,C1,Google,120,12,45.5\n2024-01-03,C1,Google,90,9,30.0\n");
        var sources = SmallProject.Sources();
        sources["ads"] = SourceSpec.ForFile(temp.Combine("ads"));

        var summary = Fixtures.Run(Fixtures.Config(sources), temp.Combine("out"));

        Assert.Equal([50.0, 45.5, 30.0], Db.Query<double>(summary.DatabasePath, "SELECT spend FROM ads ORDER BY date"));
        Assert.Equal(1, summary.Inputs.Single(i => i.Name == "ads").RowsDroppedAsDuplicates);
    }

    [Fact]
    public void A_file_whose_header_differs_stops_the_run_naming_that_file()
    {
        WriteCsv("in/p-1.csv", SmallPurchases[0..2]);
        temp.File("in/p-2.csv", "transaction_id,purchase_date,customer,sku,price,qty,channel\nT09,2024-01-05,C1,S,1,1,web\n");

        var error = Assert.Throws<CrmEtlException>(() => Run(temp.Combine("in"), new RecordingObserver()));

        Assert.StartsWith($"{temp.Combine("in/p-2.csv")}, line 1 (header): the columns differ from those of p-1.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("it lacks 'customer_id'; it has 'customer', 'channel'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("T10,2024-02-30,C1,S,1,1", "line 3, column 'purchase_date'")] // refused by the CSV reader
    [InlineData("T10,,C1,S,1,1", "line 3, column 'purchase_date': the value is empty")] // found in the mapped rows
    public void A_bad_row_in_a_later_file_is_named_by_that_file_and_its_own_line(string badRow, string expected)
    {
        WriteCsv("in/p-1.csv", SmallPurchases[0..5]);
        WriteCsv("in/p-2.csv", ["T09,2024-01-05,C1,S,1,1", badRow]);

        var error = Assert.Throws<CrmEtlException>(() => Run(temp.Combine("in"), new RecordingObserver()));

        Assert.StartsWith($"{temp.Combine("in/p-2.csv")}, {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_without_a_customer_id_are_reported_in_their_own_file()
    {
        WriteCsv("in/p-1.csv", SmallPurchases[0..5]);
        WriteCsv("in/p-2.csv", ["T09,2024-01-05,C1,S,1,1", "T10,2024-01-06,,S,1,1"]);
        var observer = new RecordingObserver();

        var summary = Run(temp.Combine("in"), observer);

        Assert.Contains(observer.Warnings, w => w.StartsWith($"{temp.Combine("in/p-2.csv")}: 1 row(s) have no customer id (first at line 3)", StringComparison.Ordinal));
        Assert.Equal((temp.Combine("in/p-2.csv"), 3L), Db.Query<(string, long)>(summary.DatabasePath, "SELECT path, line FROM load_rejects").Single());
    }

    [Fact]
    public void A_folder_of_one_file_reads_it_as_that_file_and_names_it()
    {
        WriteCsv("in/p-1.csv", [.. SmallPurchases, "T10,2024-01-06,,S,1,1"]);
        var observer = new RecordingObserver();

        var summary = Run(temp.Combine("in"), observer);

        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(summary.DatabasePath));
        Assert.Equal(temp.Combine("in"), summary.Inputs[0].Path);
        Assert.Equal([temp.Combine("in/p-1.csv")], summary.Inputs[0].Files.Select(f => f.Path));
        Assert.Contains(observer.Warnings, w => w.StartsWith($"{temp.Combine("in/p-1.csv")}: 1 row(s) have no customer id (first at line 11)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_file_among_others_is_skipped_with_a_warning_and_a_header_only_file_adds_nothing()
    {
        WriteCsv("in/p-1.csv", SmallPurchases);
        WriteCsv("in/p-2.csv", []);
        temp.File("in/p-3.csv", string.Empty);
        var observer = new RecordingObserver();

        var summary = Run(temp.Combine("in"), observer);

        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(summary.DatabasePath));
        Assert.Contains(observer.Warnings, w => w.Contains("skipped 1 empty file(s) (0 bytes, not even a header): p-3.csv", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("in/purchases-*.csv", "no file matches the pattern in")]
    [InlineData("missing/purchases-*.csv", "no file matches the pattern: the folder")]
    [InlineData("in", "the folder holds no *.csv or *.csv.gz file")]
    [InlineData("in/*/purchases.csv", "only the file name may hold a wildcard")]
    public void A_path_that_names_no_file_says_which_pattern_or_folder(string path, string expected)
    {
        temp.File("in/readme.txt", "no exports yet");

        var error = Assert.Throws<CrmEtlException>(() => Run(temp.Combine(path), new RecordingObserver()));

        Assert.StartsWith($"{temp.Combine(path)}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private RunSummary Run(string purchases, RecordingObserver observer) =>
        new Pipeline(observer).Run(new PipelineOptions(Fixtures.Config(SmallProject.Sources(purchases)), temp.Combine("out")));

    private void WriteCsv(string name, string[] rows)
    {
        var text = string.Join("\n", [Header, .. rows]) + "\n";
        if (!name.EndsWith(".gz", StringComparison.Ordinal))
        {
            temp.File(name, text);
            return;
        }

        using var gzip = new GZipStream(File.Create(temp.Combine(name)), CompressionLevel.Fastest);
        gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static JsonDocument JournaledInputs(string database) =>
        JsonDocument.Parse(Db.Scalar<string>(database, "SELECT inputs::VARCHAR FROM runs"));
}
