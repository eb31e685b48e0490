namespace CrmEtl.Tests.Analyses;

/// <summary>
/// customer_purchase_totals, cohort_activity and the quantile cuts (customer_rfm, customer_quarters, the CLV segments of
/// cltv_predictions) each have two formulations, picked by the variable per_customer_lists (set by 010_transactions.sql
/// unless set before): lists (fast, held in memory) and one that DuckDB can spill to disk. Both must give the same table, bit for bit; the lists' one is
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

    [Fact]
    public void Quarter_bins_without_lists_equal_those_with_lists()
    {
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.LoadPurchases(AnalysisDatabase.FixturePath("random_purchases.csv"));
        db.RunCltvSimple(); // customer_purchase_totals, which the story's view reads

        AssertBothFormulationsAgree(db, "customer_quarter_segments", expectedRows: null, table: "customer_quarters");
    }

    [Fact]
    public void Clv_segments_without_lists_equal_those_with_lists()
    {
        // Ties across the quartile edges, customers without a CLV, and negative values.
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.RunScript("pandas_compatible_macros");
        db.Execute("""
            CREATE TABLE predictions AS
            SELECT 'c' || i::VARCHAR AS customer_id,
                   CASE WHEN i % 9 = 0 THEN NULL WHEN i % 4 = 0 THEN 12.5 ELSE (i * 7919 % 101) * 0.37 - 3.0 END AS clv
            FROM range(1, 240) AS r(i)
            """);
        var segments = new Dictionary<bool, List<string>>();
        foreach (var lists in new[] { true, false })
        {
            db.Execute($"SET VARIABLE per_customer_lists = {(lists ? "true" : "false")}");
            db.Execute("CREATE OR REPLACE TABLE cltv_predictions AS FROM predictions");
            db.RunPostFitScript("cltv_segments");
            segments[lists] = db.Lines("SELECT customer_id, clv_scaled, clv_segment FROM cltv_predictions ORDER BY customer_id");
        }

        Assert.Equal(239, segments[true].Count);
        Assert.Equal(4, db.Scalar<long>("SELECT count(DISTINCT clv_segment) FROM cltv_predictions"));
        Assert.Equal(segments[true], segments[false]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    public void Edges_of_large_groups_are_those_of_the_sorted_lists(int bins)
    {
        // Groups of one value, of ties only, with NULLs, with more bins than values, and a spread one.
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.RunScript("pandas_compatible_macros");
        db.Execute("""
            CREATE TABLE cut_values AS
            SELECT 'one' AS grp, 4.25::DOUBLE AS value
            UNION ALL SELECT 'ties', 3.0 FROM range(10)
            UNION ALL SELECT 'nulls', CASE WHEN i % 3 = 0 THEN NULL ELSE i * 0.1 END FROM range(20) AS r(i)
            UNION ALL SELECT 'few', i::DOUBLE FROM range(3) AS r(i)
            UNION ALL SELECT 'spread', (i * 7919 % 1009) * 0.01 + CASE WHEN i % 5 = 0 THEN 1e12 ELSE 0 END FROM range(1000) AS r(i)
            """);

        var placed = db.Lines($"SELECT grp, edges FROM qcut_edges_of_large_groups('cut_values', {bins}) ORDER BY grp");
        var listed = db.Lines($"""
            SELECT grp, qcut_inner_edges(sorted_values, {bins}) AS edges
            FROM (SELECT grp, sorted_doubles(value) AS sorted_values FROM cut_values GROUP BY grp)
            ORDER BY grp
            """);

        Assert.Equal(5, placed.Count);
        Assert.Equal(listed, placed);
    }

    private static void AssertBothFormulationsAgree(AnalysisDatabase db, string script, int? expectedRows, string? table = null)
    {
        table ??= script;
        db.RunScript("transactions");
        db.RunScript("pandas_compatible_macros");
        db.Execute("SET VARIABLE per_customer_lists = true");
        db.RunScript(script);
        db.Execute($"CREATE TABLE with_lists AS FROM {table}");
        db.Execute("SET VARIABLE per_customer_lists = false");
        db.RunScript(script);

        var rows = db.Scalar<long>($"SELECT count(*) FROM {table}");
        Assert.True(rows > 0);
        if (expectedRows is { } expected)
        {
            Assert.Equal(expected, rows);
        }

        Assert.Equal(rows, db.Scalar<long>("SELECT count(*) FROM with_lists"));
        Assert.Empty(db.Lines($"FROM {table} EXCEPT ALL FROM with_lists"));
        Assert.Empty(db.Lines($"FROM with_lists EXCEPT ALL FROM {table}"));
    }
}
