namespace CrmEtl.Tests.Analyses;

/// <summary>
/// sql/*_customer_cltv_simple.sql against seed 002's pandas code (references made by
/// data/rfm/make_reference.py, pandas 1.5.3, scikit-learn 1.2.1) and against a hand computation.
/// </summary>
public sealed class CustomerCltvSimpleTests
{
    private static readonly string[] CltvColumns =
    [
        "total_transaction", "total_unit", "total_price", "avg_order_value", "purchase_frequency",
        "repeat_rate", "churn_rate", "profit_margin", "customer_value", "cltv", "cltv_scaled", "cltv_segment",
    ];

    [Fact]
    public void Simple_cltv_on_random_purchases_matches_pandas_customer_by_customer()
    {
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.LoadPurchases(AnalysisDatabase.FixturePath("random_purchases.csv"));

        db.RunCltvSimple();

        AssertMatchesReference(db, "random_expected_cltv.csv", expectedCustomers: 459);
    }

    [Fact]
    public void Simple_cltv_on_heavy_ties_matches_pandas_and_the_collapsed_edge_rule()
    {
        using var db = AnalysisDatabase.Create("2024-06-15");
        db.LoadPurchases(AnalysisDatabase.FixturePath("ties_purchases.csv"));

        db.RunCltvSimple();

        AssertMatchesReference(db, "ties_expected_cltv.csv", expectedCustomers: 400);
    }

    [Fact]
    public void Simple_cltv_of_four_customers_matches_hand_computation()
    {
        // 4 customers, 2 with more than one transaction: repeat 0.5, churn 0.5. Profit margin rate 10 %.
        // customer  transactions  units  price  aov  frequency  value  margin  cltv  scaled        segment
        // A         1             3      20     20   0.25       5      2       20    1             D
        // B         2             2      80     40   0.5        20     8       320   100           A
        // C         1             1      40     40   0.25       10     4       80    20.8          B
        // D         3             3      30     10   0.75       7.5    3       45    9.25          C
        // scaled = cltv * 99/300 + (1 - 20 * 99/300); quartile edges 7.1875, 15.025, 40.6.
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.Execute("SET VARIABLE profit_margin_rate = 0.10::DOUBLE");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, price, qty, amount, source_line) VALUES
                ('A', DATE '2024-01-05', 'a1', 10, 1, 10, 2), ('A', DATE '2024-01-05', 'a1', 5, 2, 10, 3),
                ('B', DATE '2024-01-06', 'b1', 30, 1, 30, 4), ('B', DATE '2024-01-07', 'b2', 50, 1, 50, 5),
                ('C', DATE '2024-01-08', 'c1', 40, 1, 40, 6),
                ('D', DATE '2024-01-09', 'd1', 10, 1, 10, 7), ('D', DATE '2024-01-10', 'd2', 10, 1, 10, 8),
                ('D', DATE '2024-01-11', 'd3', 10, 1, 10, 9),
                ('C', DATE '2024-02-01', 'c2', 99, 1, 99, 10);
            """);

        db.RunCltvSimple();

        var rows = db.Rows("""
            SELECT customer_id, total_transaction, total_unit, total_price, avg_order_value, purchase_frequency,
                   repeat_rate, churn_rate, profit_margin, customer_value, cltv, cltv_scaled, cltv_segment
            FROM customer_cltv_simple ORDER BY customer_id
            """);
        double[][] expected =
        [
            [1, 3, 20, 20, 0.25, 0.5, 0.5, 2, 5, 20, 1],
            [2, 2, 80, 40, 0.5, 0.5, 0.5, 8, 20, 320, 100],
            [1, 1, 40, 40, 0.25, 0.5, 0.5, 4, 10, 80, 20.8],
            [3, 3, 30, 10, 0.75, 0.5, 0.5, 3, 7.5, 45, 9.25],
        ];
        Assert.Equal(["A", "B", "C", "D"], rows.Select(row => (string)row[0]!));
        for (var i = 0; i < expected.Length; i++)
        {
            for (var j = 0; j < expected[i].Length; j++)
            {
                Assert.Equal(expected[i][j], Convert.ToDouble(rows[i][j + 1]), 9);
            }
        }
        Assert.Equal(["D", "A", "B", "C"], rows.Select(row => (string)row[12]!));
    }

    [Fact]
    public void Simple_cltv_when_every_customer_repeats_is_null_instead_of_a_division_by_zero()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, price, qty, amount, source_line) VALUES
                ('A', DATE '2024-01-05', 'a1', 10, 1, 10, 2), ('A', DATE '2024-01-06', 'a2', 10, 1, 10, 3),
                ('B', DATE '2024-01-06', 'b1', 30, 1, 30, 4), ('B', DATE '2024-01-07', 'b2', 50, 1, 50, 5);
            """);

        db.RunCltvSimple();

        var rows = db.Rows("SELECT churn_rate, customer_value, cltv, cltv_scaled, cltv_segment FROM customer_cltv_simple");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(0.0, row[0]);
            Assert.NotNull(row[1]);
            Assert.Null(row[2]);
            Assert.Null(row[3]);
            Assert.Null(row[4]);
        });
    }

    [Fact]
    public void Profit_margin_rate_defaults_to_five_percent_from_the_parameters_table()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, price, qty, amount, source_line) VALUES
                ('A', DATE '2024-01-05', 'a1', 200, 1, 200, 2);
            """);

        db.RunCltvSimple();

        Assert.Equal(10.0, db.Scalar<double>("SELECT profit_margin FROM customer_cltv_simple"));
    }

    [Fact]
    public void Simple_cltv_without_purchases_is_an_empty_table()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");

        db.RunCltvSimple();

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM customer_cltv_simple"));
    }

    private static void AssertMatchesReference(AnalysisDatabase db, string reference, int expectedCustomers)
    {
        Assert.Equal(expectedCustomers, db.Scalar<int>("SELECT count(*) FROM customer_cltv_simple"));
        var differences = db.Differences(
            "customer_cltv_simple", AnalysisDatabase.FixturePath(reference), CltvColumns, ["cltv_segment"]);
        Assert.True(differences.Count == 0,
            $"{differences.Count} differences, first ones:\n{string.Join('\n', differences.Take(20))}");
    }
}
