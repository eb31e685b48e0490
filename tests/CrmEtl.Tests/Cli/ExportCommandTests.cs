using System.Text.Json;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

public sealed class ExportCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string database;

    public ExportCommandTests() => database = SmallProject.Run(temp.Combine("out")).DatabasePath;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_table_exports_to_csv_with_a_header()
    {
        var path = temp.Combine("funnel.csv");

        var result = TestCli.Run("export", "FUNNEL", "--format", "csv", "--out", path, "--db", database);

        Assert.Equal((0, string.Empty), (result.Exit, result.Stderr));
        var lines = File.ReadAllLines(path);
        Assert.StartsWith("stage,stage_order,customers,", lines[0], StringComparison.Ordinal);
        Assert.Equal(SmallProject.Funnel.Length + 1, lines.Length);
        Assert.StartsWith("Leads,1,5,", lines[1], StringComparison.Ordinal);
        Assert.Contains($"{SmallProject.Funnel.Length} rows", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_and_json_read_back_the_same_rows()
    {
        var parquet = temp.Combine("funnel.parquet");
        var json = temp.Combine("funnel.json");

        Assert.Equal(0, TestCli.Run("export", "funnel", "--format", "parquet", "--out", parquet, "--db", database).Exit);
        Assert.Equal(0, TestCli.Run("export", "funnel", "--format", "json", "--out", json, "--db", database).Exit);

        Assert.Equal(SmallProject.Funnel, Db.Query<long>(database, $"SELECT customers FROM read_parquet('{parquet}') ORDER BY stage_order").ToArray());
        var objects = File.ReadAllLines(json).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(SmallProject.Funnel, objects.OrderBy(o => o.GetProperty("stage_order").GetInt64()).Select(o => o.GetProperty("customers").GetInt64()).ToArray());
    }

    [Fact]
    public void All_writes_one_file_per_table_and_view()
    {
        var folder = temp.Combine("mart");

        var result = TestCli.Run("export", "--all", "--format", "parquet", "--out", folder, "--db", database);

        Assert.Equal(0, result.Exit);
        var tables = Db.Query<string>(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name").ToList();
        Assert.Contains("funnel", tables);
        Assert.Equal(tables.Select(t => t + ".parquet"), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void An_unknown_table_is_a_user_error_naming_the_known_ones()
    {
        var result = TestCli.Run("export", "funnel; DROP TABLE funnel", "--out", temp.Combine("x.csv"), "--db", database);

        Assert.Equal(1, result.Exit);
        Assert.Contains("no table or view 'funnel; DROP TABLE funnel'. Known: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("funnel", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("x.csv")));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(database));
    }

    [Fact]
    public void A_table_and_all_together_or_neither_is_a_user_error()
    {
        Assert.Equal(1, TestCli.Run("export", "--out", temp.Combine("x.csv"), "--db", database).Exit);
        Assert.Equal(1, TestCli.Run("export", "funnel", "--all", "--out", temp.Combine("x"), "--db", database).Exit);
    }
}
