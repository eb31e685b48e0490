namespace CrmEtl.Tests.Analyses;

/// <summary>
/// customer_purchase_totals and cohort_activity each have two formulations, picked by the variable
/// per_customer_lists (set by 010_transactions.sql unless set before): per-customer lists (fast, held in memory) and one
/// that DuckDB can spill to disk. Both must give the same table, bit for bit; the lists' one is
/// the one checked against pandas (CustomerRfmTests).
/// </summary>
public sealed class BoundedFormulationTests
{
    [Theory]
    [InlineData("random_purchases.csv", "2024-06-30")]
    [InlineData("ties_purchases.csv", "2024-06-15")]
    public void Purchase_totals_without_lists_equal_those_with_lists_on_the_pandas_fixtures(string fixture, string asOf)
    {
        using var db = AnalysisDatabase.Create(asOf);
        db.LoadPurchases(AnalysisDatabase.FixturePath(fixture));

        AssertBothFormulationsAgree(db, "customer_purchase_totals", expectedRows: fixture.StartsWith("random", StringComparison.Ordinal) ? 459 : 400);
    }

    [Theory]
    [InlineData("net")]
    [InlineData("drop")]
    public void Purchase_totals_without_lists_equal_those_with_lists_for_every_lane_layout_and_returns(string returns)
    {
        // Customers with 1..20 lines and 120..140 lines (numpy's cases: fewer than 8, 8 to 128 in
        // lanes with 0..7 left over, beyond 128), amounts whose sums depend on the order of
        // addition, lines not in customer order in the file, and some returns.
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.Execute($"SET VARIABLE returns = '{returns}'");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, is_return, source_line)
            SELECT 'c' || n::VARCHAR,
                   DATE '2024-01-01' + (line % 150)::INTEGER,
                   't' || n::VARCHAR || '-' || (line // 3)::VARCHAR,
                   CASE WHEN line % 11 = 5 THEN -7.3 ELSE 1e15 * (line % 3) + 0.1 * line + 1.0 / (line + 3) END,
                   CASE WHEN line % 13 = 4 THEN NULL ELSE line % 5 + 0.5 END,
                   line % 17 = 9,
                   1000 * ((line * 7919) % (n + 1)) + n
            FROM (SELECT unnest(range(1, 21) || range(120, 141)) AS n) AS customers,
                 LATERAL (SELECT unnest(range(n)) AS line)
            """);

        AssertBothFormulationsAgree(db, "customer_purchase_totals", expectedRows: 41);
    }

    [Fact]
    public void Cohort_activity_without_lists_equals_that_with_lists()
    {
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.LoadPurchases(AnalysisDatabase.FixturePath("random_purchases.csv"));
        db.RunScript("transactions");

        AssertBothFormulationsAgree(db, "cohort_activity", expectedRows: null);
    }

    private static void AssertBothFormulationsAgree(AnalysisDatabase db, string script, int? expectedRows)
    {
        db.RunScript("transactions");
        db.RunScript("pandas_compatible_macros");
        db.Execute("SET VARIABLE per_customer_lists = true");
        db.RunScript(script);
        db.Execute($"CREATE TABLE with_lists AS FROM {script}");
        db.Execute("SET VARIABLE per_customer_lists = false");
        db.RunScript(script);

        var rows = db.Scalar<long>($"SELECT count(*) FROM {script}");
        Assert.True(rows > 0);
        if (expectedRows is { } expected)
        {
            Assert.Equal(expected, rows);
        }

        Assert.Equal(rows, db.Scalar<long>("SELECT count(*) FROM with_lists"));
        Assert.Empty(db.Lines($"FROM {script} EXCEPT ALL FROM with_lists"));
        Assert.Empty(db.Lines($"FROM with_lists EXCEPT ALL FROM {script}"));
    }
}
