namespace CrmEtl.Tests.Analyses;

/// <summary>
/// sql/*_customer_rfm.sql against the notebooks' pandas code (references made by
/// data/rfm/make_reference.py, pandas 1.5.3) and against small cases computed by hand.
/// </summary>
public sealed class CustomerRfmTests
{
    private static readonly string[] RfmColumns =
    [
        "recency", "frequency", "monetary", "recency_score", "frequency_score", "monetary_score",
        "rf_score", "rfm_score", "segment",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfm_on_random_purchases_matches_pandas_customer_by_customer(bool perCustomerLists)
    {
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.LoadPurchases(AnalysisDatabase.FixturePath("random_purchases.csv"));

        db.RunRfm(perCustomerLists);

        AssertMatchesReference(db, "random_expected_rfm.csv", expectedCustomers: 459);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfm_on_heavy_ties_matches_pandas_and_the_collapsed_edge_rule(bool perCustomerLists)
    {
        // Recency and monetary edges collapse here (pandas raises); their reference is the
        // documented rule computed with numpy by make_reference.py. Ids are numbers, so frequency
        // ties follow numeric id order; two lines dated after as_of must be ignored.
        using var db = AnalysisDatabase.Create("2024-06-15");
        db.LoadPurchases(AnalysisDatabase.FixturePath("ties_purchases.csv"));

        db.RunRfm(perCustomerLists);

        AssertMatchesReference(db, "ties_expected_rfm.csv", expectedCustomers: 400);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfm_from_flo_customer_summary_matches_pandas_in_file_order(bool perCustomerLists)
    {
        using var db = AnalysisDatabase.Create("2021-06-01");
        LoadFloCustomers(db);

        db.RunRfm(perCustomerLists);

        AssertMatchesReference(db, "flo_expected_rfm.csv", expectedCustomers: 400);
    }

    [Fact]
    public void Rfm_of_five_customers_matches_hand_computation()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        InsertFiveCustomers(db);

        db.RunRfm();

        // recency 1, 2, 6, 31, 90: edges 1.8, 4.4, 16.000000000000007, 42.80000000000001 (numpy).
        // frequency 1 (A, C, E), 2 (B), 3 (D): ranks by id A1 C2 E3 B4 D5, edges 1.8 2.6 3.4 4.2.
        // monetary 5, 10, 50, 201, 1000: one per quintile. E's purchase after as_of is ignored.
        Assert.Equal(
            [
                "A 1 1 10 5 1 2 51 512 new_customers",
                "B 6 2 50 3 4 3 34 343 loyal_customers",
                "C 31 1 5 2 2 1 22 221 hibernating",
                "D 2 3 201 4 5 4 45 454 loyal_customers",
                "E 90 1 1000 1 3 5 13 135 at_Risk",
            ],
            RfmRows(db));
    }

    [Fact]
    public void Collapsed_edges_score_by_the_strictly_greater_rule()
    {
        // Monetary 10, 10, 10, 10, 20, 30: numpy edges 10, 10, 10.000000000000004, 20, where
        // pandas.qcut raises "Bin edges must be unique". Rule: 1 + edges strictly below the value.
        // Every recency is 0: all edges 0, every customer in bin 1, recency score 5.
        using var db = AnalysisDatabase.Create("2024-03-01");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('a', DATE '2024-03-01', 't1', 10, 1, 2), ('b', DATE '2024-03-01', 't2', 10, 1, 3),
                ('c', DATE '2024-03-01', 't3', 10, 1, 4), ('d', DATE '2024-03-01', 't4', 10, 1, 5),
                ('e', DATE '2024-03-01', 't5', 20, 1, 6), ('f', DATE '2024-03-01', 't6', 30, 1, 7);
            """);

        db.RunRfm();

        Assert.Equal(
            [
                "a 0 1 10 5 1 1 51 511 new_customers",
                "b 0 1 10 5 1 1 51 511 new_customers",
                "c 0 1 10 5 2 1 52 521 potential_loyalists",
                "d 0 1 10 5 3 1 53 531 potential_loyalists",
                "e 0 1 20 5 4 4 54 544 champions",
                "f 0 1 30 5 5 5 55 555 champions",
            ],
            RfmRows(db));
        Assert.Equal(
            "[10.0, 10.0, 10.000000000000004, 20.0]",
            db.Scalar<string>("SELECT qcut_inner_edges(sorted_doubles(monetary), 5)::VARCHAR FROM customer_rfm"));
    }

    [Fact]
    public void Frequency_ties_follow_numeric_order_when_every_id_is_a_number()
    {
        // pandas reads such ids as integers and groupby sorts them as numbers: 9, 10, 100
        // (as text the order would be 10, 100, 9). Ranks 1, 2, 3 against edges 1.4 1.8 2.2 2.6.
        using var db = AnalysisDatabase.Create("2024-03-01");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('10', DATE '2024-02-01', 't1', 5, 1, 2), ('100', DATE '2024-02-01', 't2', 5, 1, 3),
                ('9', DATE '2024-02-01', 't3', 5, 1, 4);
            """);

        db.RunRfm();

        Assert.Equal(
            ["9 1", "10 3", "100 5"],
            db.Rows("SELECT customer_id, frequency_score FROM customer_rfm ORDER BY frequency_score")
              .Select(row => $"{row[0]} {row[1]}"));
    }

    [Fact]
    public void Summary_input_breaks_frequency_ties_in_file_order_and_skips_rows_after_as_of()
    {
        using var db = AnalysisDatabase.Create("2024-03-01");
        db.Execute("""
            INSERT INTO customers (customer_id, last_purchase_date, frequency, monetary, source_line) VALUES
                ('z', DATE '2024-02-20', 2, 100, 2), ('a', DATE '2024-02-10', 2, 200, 3),
                ('late', DATE '2024-03-05', 9, 900, 4), ('m', DATE '2024-01-01', 2, 300, 5);
            """);

        db.RunRfm();

        Assert.Equal(
            ["z 10 1", "a 20 3", "m 60 5"],
            db.Rows("SELECT customer_id, recency, frequency_score FROM customer_rfm ORDER BY frequency_score")
              .Select(row => $"{row[0]} {row[1]} {row[2]}"));
    }

    [Fact]
    public void Customer_no_segment_rule_matches_is_unclassified()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        InsertFiveCustomers(db);
        db.Execute("DELETE FROM rfm_segments WHERE segment = 'new_customers'");

        db.RunRfm();

        Assert.Equal("unclassified", db.Scalar<string>("SELECT segment FROM customer_rfm WHERE customer_id = 'A'"));
        Assert.Equal(5, db.Scalar<int>("SELECT count(*) FROM customer_rfm"));
    }

    [Fact]
    public void Overlapping_segment_rules_take_the_first_by_rule_order()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        InsertFiveCustomers(db);
        db.Execute("INSERT INTO rfm_segments VALUES (0, 3, 5, 4, 5, 'vip'), (99, 1, 5, 1, 5, 'anyone')");

        db.RunRfm();

        Assert.Equal(
            ["A new_customers", "B vip", "C hibernating", "D vip", "E at_Risk"],
            db.Rows("SELECT customer_id, segment FROM customer_rfm ORDER BY customer_id").Select(row => $"{row[0]} {row[1]}"));
    }

    [Fact]
    public void Rfm_without_as_of_fails_with_a_clear_message()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        InsertFiveCustomers(db);
        db.Execute("RESET VARIABLE as_of");

        var error = Assert.ThrowsAny<Exception>(() => db.RunRfm());

        Assert.Contains("as_of is not set", error.Message);
    }

    [Fact]
    public void Rfm_without_purchases_or_customers_is_an_empty_table()
    {
        using var db = AnalysisDatabase.Create("2024-01-31");

        db.RunRfm();

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM customer_rfm"));
    }

    [Fact]
    public void A_single_customer_gets_the_lowest_bins_instead_of_an_error()
    {
        // One value: every edge equals it (pandas raises); recency 5, frequency 1, monetary 1.
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('solo', DATE '2024-01-01', 't1', 10, 1, 2);
            """);

        db.RunRfm();

        Assert.Equal(["solo 30 1 10 5 1 1 51 511 new_customers"], RfmRows(db));
    }

    private static void AssertMatchesReference(AnalysisDatabase db, string reference, int expectedCustomers)
    {
        Assert.Equal(expectedCustomers, db.Scalar<int>("SELECT count(*) FROM customer_rfm"));
        var differences = db.Differences(
            "customer_rfm", AnalysisDatabase.FixturePath(reference), RfmColumns, ["rf_score", "rfm_score"]);
        Assert.True(differences.Count == 0,
            $"{differences.Count} differences, first ones:\n{string.Join('\n', differences.Take(20))}");
    }

    /// <summary>FLO's per-customer export mapped to the canonical customers table as crmetl.json maps it.</summary>
    private static void LoadFloCustomers(AnalysisDatabase db)
    {
        db.Execute($"""
            CREATE TEMP TABLE raw_flo AS
            SELECT * FROM read_csv('{AnalysisDatabase.FixturePath("flo_synthetic_customers.csv")}', header = true, all_varchar = true);
            DROP TABLE customers;
            CREATE TABLE customers AS
            SELECT master_id AS customer_id,
                   first_order_date::DATE AS first_purchase_date,
                   last_order_date::DATE AS last_purchase_date,
                   order_num_total_ever_online::DOUBLE + order_num_total_ever_offline::DOUBLE AS frequency,
                   customer_value_total_ever_online::DOUBLE + customer_value_total_ever_offline::DOUBLE AS monetary,
                   rowid + 2 AS source_line,
                   order_channel, last_order_channel, interested_in_categories_12
            FROM raw_flo;
            """);
    }

    /// <summary>The hand-computed case: as of 2024-01-31, D's second transaction has two lines.</summary>
    private static void InsertFiveCustomers(AnalysisDatabase db) => db.Execute("""
        INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
            ('E', DATE '2023-11-02', 't7', 1000, 1, 2),
            ('D', DATE '2024-01-01', 't4', 100, 1, 3),
            ('D', DATE '2024-01-10', 't5', 60, 1, 4),
            ('D', DATE '2024-01-10', 't5', 40, 1, 5),
            ('B', DATE '2024-01-20', 't2', 20, 1, 6),
            ('B', DATE '2024-01-25', 't3', 30, 1, 7),
            ('C', DATE '2023-12-31', 't1', 5, 1, 8),
            ('D', DATE '2024-01-29', 't6', 1, 1, 9),
            ('A', DATE '2024-01-30', 't0', 10, 1, 10),
            ('E', DATE '2024-02-05', 't8', 5000, 1, 11),
            ('F', DATE '2024-02-06', 't9', 70, 1, 12);
        """);

    private static List<string> RfmRows(AnalysisDatabase db) =>
        db.Rows("""
            SELECT customer_id, recency, frequency, monetary, recency_score, frequency_score, monetary_score,
                   rf_score, rfm_score, segment
            FROM customer_rfm ORDER BY customer_id
            """)
          .Select(row => string.Join(' ', row.Select(value => value is double d ? d.ToString("R") : value?.ToString())))
          .ToList();
}
