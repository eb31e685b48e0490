using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// Every output table has one row per key (dbt's <c>unique</c> test): a join that fans out, or a
/// GROUP BY missing a column, shows here as a key with two rows. Checked on a full run of the
/// month of sample data, and on a per-customer export with persona attributes for the persona
/// tables, which only such an export fills.
/// </summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class GrainTests(Seed000MonthRun seed)
{
    public static TheoryData<string, string> MonthRunTables => new()
    {
        { "transactions", "transaction_id, customer_id" },
        { "transaction_flags", "transaction_id, customer_id" },
        { "customer_tiers", "customer_id" },
        { "funnel", "stage" },
        { "customer_purchase_totals", "customer_id" },
        { "customer_rfm", "customer_id" },
        { "rfm_quintile_edges", "measure, edge" },
        { "customer_cltv_simple", "customer_id" },
        { "ad_funnel", "source, campaign_id" },
        { "ad_funnel_by_source", "source" },
        { "cohort_activity", "month, cohort_month, active_in_previous_month" },
        { "monthly_kpis", "month" },
        { "cohort_retention", "cohort_month, months_since" },
        { "customer_quarters", "customer_id, quarter_start" },
        { "quarter_calendar", "quarter_start" },
        { "customer_quarter_segments", "customer_id, quarter_start" },
        { "cltv_summary", "customer_id" },
        { "cltv_fit", "model" },
        { "cltv_params", "model, param" },
        { "cltv_predictions", "customer_id" },
    };

    public static TheoryData<string, string> CustomerExportTables => new()
    {
        { "customer_personas", "customer_id" },
        { "persona_segments", "persona" },
    };

    [Theory]
    [MemberData(nameof(MonthRunTables))]
    public void Month_run_tables_have_one_row_per_key(string table, string keys) =>
        AssertOneRowPerKey(seed.Summary.DatabasePath, table, keys);

    [Theory]
    [MemberData(nameof(CustomerExportTables))]
    public void Customer_export_tables_have_one_row_per_key(string table, string keys)
    {
        using var temp = new TempDirectory();
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["customers"] = SourceSpec.ForFile(Fixtures.Path(Path.Combine("analyses", "persona_customers.csv"))),
        };
        var summary = Fixtures.Run(Fixtures.Config(sources, asOf: new DateOnly(2024, 6, 30)), temp.Path);

        AssertOneRowPerKey(summary.DatabasePath, table, keys);
    }

    /// <summary>Fails naming up to five keys that have more than one row; an empty table fails too, since it would prove nothing.</summary>
    private static void AssertOneRowPerKey(string databasePath, string table, string keys)
    {
        var rows = Db.Scalar<long>(databasePath, $"SELECT count(*) FROM {table}");
        Assert.True(rows > 0, $"{table} is empty on this run: its grain is not checked");

        var keyText = string.Join(" || ' | ' || ", keys.Split(", ").Select(key => $"coalesce({key}::VARCHAR, 'NULL')"));
        var duplicates = Db.Query<string>(databasePath, $"""
            SELECT {keyText} || ': ' || count(*) || ' rows'
            FROM {table}
            GROUP BY {keys}
            HAVING count(*) > 1
            ORDER BY count(*) DESC, 1
            LIMIT 5
            """);
        Assert.True(duplicates.Count == 0, $"{table} should have one row per ({keys}); these keys have more:\n{string.Join('\n', duplicates)}");
    }
}
