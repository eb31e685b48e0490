using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Configuration;

/// <summary>A per-customer summary export (the FLO data of seed 001) mapped with expressions in crmetl.json.</summary>
public sealed class CustomerSummaryInputTests
{
    private const string Config = """
        {
          "asOf": "2021-06-01",
          "sources": {
            "customers": {
              "path": "flo_export_10_customers.csv",
              "columns": {
                "customer_id": "master_id",
                "first_purchase_date": "first_order_date",
                "last_purchase_date": "last_order_date",
                "frequency": "order_num_total_ever_online + order_num_total_ever_offline",
                "monetary": "customer_value_total_ever_online + customer_value_total_ever_offline"
              }
            }
          }
        }
        """;

    [Fact]
    public void Rfm_and_cltv_summary_are_built_from_the_customer_summary()
    {
        using var temp = new TempDirectory();
        File.Copy(Fixtures.Path("flo/flo_export_10_customers.csv"), temp.Combine("flo_export_10_customers.csv"));
        var summary = Fixtures.Run(ConfigReader.Read(temp.File("crmetl.json", Config)), temp.Combine("out"));

        // The first customer: last order 2021-02-26 → 95 days before 2021-06-01; 4 + 1 orders; 799.38 + 139.99.
        var rfm = Db.Query<(long Recency, double Frequency, double Monetary)>(summary.DatabasePath,
            "SELECT recency, frequency, monetary FROM customer_rfm WHERE customer_id = 'cc294636-19f0-11eb-8d74-000d3a38a36f'").Single();
        Assert.Equal((95L, 5.0), (rfm.Recency, rfm.Frequency));
        Assert.Equal(939.37, rfm.Monetary, 1e-9);
        Assert.Equal(10, Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM customer_rfm WHERE segment IS NOT NULL"));

        // CLTV summary in weeks: x = 5 − 1 orders; t_x = 2020-10-30 → 2021-02-26 = 119 days; T = 214 days; mean order value.
        var cltv = Db.Query<(double X, double Recency, double T, double Monetary)>(summary.DatabasePath,
            "SELECT frequency, recency, t, monetary FROM cltv_summary WHERE customer_id = 'cc294636-19f0-11eb-8d74-000d3a38a36f'").Single();
        Assert.Equal(4, cltv.X);
        Assert.Equal(119 / 7.0, cltv.Recency, 1e-12);
        Assert.Equal(214 / 7.0, cltv.T, 1e-12);
        Assert.Equal(939.37 / 5, cltv.Monetary, 1e-9);
    }

    [Fact]
    public void Attribute_columns_travel_with_the_customers()
    {
        using var temp = new TempDirectory();
        File.Copy(Fixtures.Path("flo/flo_export_10_customers.csv"), temp.Combine("flo_export_10_customers.csv"));
        var summary = Fixtures.Run(ConfigReader.Read(temp.File("crmetl.json", Config)), temp.Combine("out"));

        var channels = Db.Query<(string Channel, long Customers)>(summary.DatabasePath,
            "SELECT order_channel, count(*) FROM customers GROUP BY ALL ORDER BY 2 DESC, 1");
        Assert.Equal([("Android App", 6L), ("Desktop", 2L), ("Mobile", 2L)], channels);
        Assert.Equal("[ERKEK, COCUK, KADIN, AKTIFSPOR]", Db.Scalar<string>(summary.DatabasePath,
            "SELECT interested_in_categories_12 FROM customers WHERE source_line = 3"));
    }
}
