using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

public sealed class LoadTests
{
    [Fact]
    public void Running_twice_on_the_same_files_does_not_double_rows()
    {
        using var temp = new TempDirectory();
        SmallProject.Run(temp.Path);
        var second = SmallProject.Run(temp.Path);

        Assert.Equal(9, Db.Scalar<long>(second.DatabasePath, "SELECT count(*) FROM purchases"));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(second.DatabasePath));
        Assert.Equal(2, second.RunId);
    }

    [Fact]
    public void Data_after_the_as_of_date_is_ignored()
    {
        using var temp = new TempDirectory();
        var summary = Fixtures.Run(Fixtures.Config(SmallProject.Sources(), new DateOnly(2024, 1, 31)), temp.Path);

        // Up to 2024-01-31: C1 (T01, T02) and C2 (T03) have bought; C2's April order and C3/C4 are later.
        Assert.Equal(3, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM transaction_flags"));
        Assert.Equal(9, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM purchases"));
        Assert.Equal([5L, 2, 1], SmallProject.FunnelIn(summary.DatabasePath).Take(3));
    }

    [Fact]
    public void An_as_of_date_before_all_the_data_is_warned_about()
    {
        using var temp = new TempDirectory();
        var observer = new RecordingObserver();

        new Core.Pipeline(observer).Run(new Core.PipelineOptions(Fixtures.Config(SmallProject.Sources(), new DateOnly(2023, 1, 1)), temp.Path));

        Assert.Contains("the as-of date 2023-01-01 is before the first date in the inputs (2024-01-01): every analysis is empty", observer.Warnings);
    }

    [Fact]
    public void Line_amount_is_price_times_qty_and_the_run_records_input_hashes()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);

        Assert.Equal(200.0, Db.Scalar<double>(summary.DatabasePath, "SELECT amount FROM transactions WHERE transaction_id = 'T01'"));
        var inputs = Db.Scalar<string>(summary.DatabasePath, "SELECT inputs FROM runs");
        Assert.Contains("\"source\":\"purchases\"", inputs);
        Assert.Contains("\"rows\":9", inputs);
        Assert.Matches("\"sha256\":\"[0-9a-f]{64}\"", inputs);
    }

    [Fact]
    public void Missing_sources_become_empty_canonical_tables()
    {
        using var temp = new TempDirectory();
        var summary = SmallProject.Run(temp.Path);

        Assert.Equal(0, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM ads"));
        Assert.Equal(0, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM customers"));
    }

    [Fact]
    public void A_staging_database_left_by_a_crashed_run_is_replaced()
    {
        using var temp = new TempDirectory();
        var first = SmallProject.Run(temp.Path);
        using (var crashed = Core.Database.Open(first.DatabasePath + ".building"))
        {
            Dapper.SqlMapper.Execute(crashed, "CREATE TABLE half_written AS SELECT 1 AS x");
        }

        var second = SmallProject.Run(temp.Path);

        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(second.DatabasePath));
        Assert.False(File.Exists(first.DatabasePath + ".building"));
        Assert.Equal(0, Db.Scalar<long>(second.DatabasePath, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_written'"));
    }
}
