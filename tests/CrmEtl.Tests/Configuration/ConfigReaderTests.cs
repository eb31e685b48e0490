using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Configuration;

public sealed class ConfigReaderTests
{
    [Fact]
    public void Reads_comments_relative_paths_mappings_and_parameters()
    {
        using var temp = new TempDirectory();
        var path = temp.File("proj/crmetl.json", """
            {
              "asOf": "2024-12-31",   // analysis date
              "sources": {
                "purchases": { "path": "data/p.csv", "delimiter": ";" },
                "customers": {
                  "path": "../flo.csv",
                  "columns": { "customer_id": "master_id", "frequency": "a + b" },
                },
              },
              "parameters": { "second_purchase_window_days": 45, "label": "x" }
            }
            """);

        var config = ConfigReader.Read(path);

        Assert.Equal(new DateOnly(2024, 12, 31), config.AsOf);
        Assert.Equal(temp.Combine("proj/data/p.csv"), config.Sources["purchases"].Path);
        Assert.Equal(";", config.Sources["purchases"].Delimiter);
        Assert.Equal(temp.Combine("flo.csv"), config.Sources["customers"].Path);
        Assert.Equal("a + b", config.Sources["customers"].Columns["frequency"]);
        Assert.Equal("45", config.Parameters["second_purchase_window_days"]);
        Assert.Equal(temp.Combine("proj"), config.ProjectDirectory);
    }

    [Fact]
    public void Invalid_json_names_the_line()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", "{\n  \"asOf\": \"2024-12-31\"\n  \"sources\": {}\n}");

        var error = Assert.Throws<CrmEtlException>(() => ConfigReader.Read(path));

        Assert.Contains("crmetl.json, line 3", error.Message);
    }

    [Fact]
    public void Bad_date_and_unknown_source_are_user_errors()
    {
        using var temp = new TempDirectory();
        var badDate = temp.File("a.json", """{ "asOf": "31/12/2024" }""");
        Assert.Contains("'31/12/2024' is not a date", Assert.Throws<CrmEtlException>(() => ConfigReader.Read(badDate)).Message);

        var unknown = Fixtures.Config(new Dictionary<string, SourceSpec> { ["orders"] = SourceSpec.ForFile("x.csv") });
        var error = Assert.Throws<CrmEtlException>(() => Fixtures.Run(unknown, temp.Path));
        Assert.Contains("Unknown source 'orders'. Known sources: purchases, leads, ads, customers", error.Message);
    }

    [Fact]
    public void Column_mapping_from_a_config_file_runs_end_to_end()
    {
        using var temp = new TempDirectory();
        temp.File("exports/orders.csv", """
            order_no,order_day,client,unit_price,units
            A1,2024-01-02,C1,150.0,2
            A2,2024-01-20,C1,700.0,1
            A3,2024-01-05,C2,300.0,1
            """);
        var path = temp.File("crmetl.json", """
            {
              "sources": {
                "purchases": {
                  "path": "exports/orders.csv",
                  "columns": {
                    "transaction_id": "order_no", "purchase_date": "order_day", "customer_id": "client",
                    "amount": "unit_price * units"
                  }
                }
              }
            }
            """);

        var summary = Fixtures.Run(ConfigReader.Read(path), temp.Combine("out"));

        var amounts = Db.Query<(string Id, double Amount)>(summary.DatabasePath, "SELECT transaction_id, amount FROM transactions ORDER BY 1");
        Assert.Equal([("A1", 300.0), ("A2", 700.0), ("A3", 300.0)], amounts);
        Assert.Equal(new DateOnly(2024, 1, 20), summary.AsOf);
    }
}
