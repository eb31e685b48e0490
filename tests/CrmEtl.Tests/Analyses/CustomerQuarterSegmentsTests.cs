namespace CrmEtl.Tests.Analyses;

/// <summary>sql/420_customer_quarter_segments.sql: by hand, and on seed 000's month.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class CustomerQuarterSegmentsTests(Seed000MonthRun seed)
{
    private const string StoryRows = """
        SELECT customer_id, quarter, frequency, revenue, frequency_segment, revenue_segment
        FROM customer_quarter_segments ORDER BY customer_id, quarter_start
        """;

    [Fact]
    public void Quarter_segments_of_a_small_case_match_hand_computation()
    {
        using var db = SmallCase();

        db.RunAnalyses("customer_quarter_segments");

        // 2024-Q1, active a, b, c, d. Frequencies 1, 1, 2, 3: quartile edges (numpy, linear) at
        //   virtual indexes 0.75, 1.5, 2.25 are 1, 1.5, 2.25, so 1 -> bin 1 (Low Value), 2 -> bin 3
        //   (Average, 2 > 1.5 but not > 2.25), 3 -> bin 4. Revenues 10, 20, 70, 100: edges 17.5, 45,
        //   77.5, one customer per bin.
        // 2024-Q2, only b (5): a single value makes every edge 5, so b is in bin 1 twice. a, c and d
        //   bought before and are Inactive.
        // 2024-Q3, a (50) and e (60, first purchase): frequencies 1, 1 -> bin 1; revenue edges 52.5,
        //   55, 57.5 -> a Low Value, e High Value. a's October purchase is after as-of; e has no row
        //   before its first quarter.
        Assert.Equal(
            [
                "a 2024-Q1 1 10 Low Value Low Value",
                "a 2024-Q2 0 0 Inactive Inactive",
                "a 2024-Q3 1 50 Low Value Low Value",
                "b 2024-Q1 1 20 Low Value Below Average",
                "b 2024-Q2 1 5 Low Value Low Value",
                "b 2024-Q3 0 0 Inactive Inactive",
                "c 2024-Q1 2 70 Average Average",
                "c 2024-Q2 0 0 Inactive Inactive",
                "c 2024-Q3 0 0 Inactive Inactive",
                "d 2024-Q1 3 100 High Value High Value",
                "d 2024-Q2 0 0 Inactive Inactive",
                "d 2024-Q3 0 0 Inactive Inactive",
                "e 2024-Q3 1 60 Low Value High Value",
            ],
            db.Lines(StoryRows));
    }

    [Fact]
    public void Renamed_labels_and_fewer_bins_follow_the_rule_table()
    {
        using var db = SmallCase();
        db.Execute("UPDATE quarter_segment_labels SET label = 'Dormant' WHERE bin = 0");
        db.Execute("DELETE FROM quarter_segment_labels WHERE bin = 4");

        db.RunAnalyses("customer_quarter_segments");

        // Three bins: Q1 revenues 10, 20, 70, 100 have tercile edges 20 and 70 (virtual indexes
        // 1 and 2), so 10 and 20 -> bin 1, 70 -> bin 2, 100 -> bin 3.
        Assert.Equal(
            ["a Low Value", "b Low Value", "c Below Average", "d Average"],
            db.Lines("SELECT customer_id, revenue_segment FROM customer_quarter_segments WHERE quarter = '2024-Q1' ORDER BY customer_id"));
        Assert.Equal(
            ["a Dormant", "c Dormant", "d Dormant"],
            db.Lines("SELECT customer_id, revenue_segment FROM customer_quarter_segments WHERE quarter = '2024-Q2' AND frequency = 0 ORDER BY customer_id"));
    }

    [Fact]
    public void Quarter_segments_without_purchases_are_empty()
    {
        using var db = AnalysisDatabase.Create("2024-09-30");

        db.RunAnalyses("customer_quarter_segments");

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM customer_quarter_segments"));
    }

    [Fact]
    public void Seed_month_story_has_two_quarters_per_buyer_and_quartiles_of_revenue()
    {
        // Every buyer's first purchase is in January, as-of is in May: rows for Q1 and Q2 each.
        var quarters = seed.Query<(string Quarter, long Rows, long Active, long Transactions)>("""
            SELECT quarter, count(*), count(*) FILTER (WHERE frequency > 0), sum(frequency)::BIGINT
            FROM customer_quarter_segments GROUP BY quarter ORDER BY quarter
            """);

        Assert.Equal(["2024-Q1", "2024-Q2"], quarters.Select(q => q.Quarter));
        Assert.All(quarters, q => Assert.Equal(51_752, q.Rows));
        Assert.Equal(51_752, quarters[0].Active);
        Assert.Equal(93_126, quarters.Sum(q => q.Transactions));
        var q1RevenueBins = seed.Query<long>(
            "SELECT count(*) FROM customer_quarters WHERE quarter_start = DATE '2024-01-01' GROUP BY revenue_bin ORDER BY revenue_bin");
        Assert.Equal(4, q1RevenueBins.Count);
        Assert.All(q1RevenueBins, count => Assert.InRange(count, 51_752 / 4 - 10, 51_752 / 4 + 10));
    }

    /// <summary>As of 2024-09-30 (end of Q3); a's purchase in October must be ignored.</summary>
    private static AnalysisDatabase SmallCase()
    {
        var db = AnalysisDatabase.Create("2024-09-30");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('a', DATE '2024-01-05', 't1', 10, 1, 2),
                ('b', DATE '2024-02-01', 't2', 20, 1, 3),
                ('c', DATE '2024-01-10', 't3', 30, 1, 4),
                ('c', DATE '2024-03-10', 't4', 40, 1, 5),
                ('d', DATE '2024-01-02', 't5', 20, 1, 6),
                ('d', DATE '2024-02-02', 't6', 30, 1, 7),
                ('d', DATE '2024-03-31', 't7', 50, 1, 8),
                ('b', DATE '2024-05-05', 't8', 5, 1, 9),
                ('a', DATE '2024-08-01', 't9', 50, 1, 10),
                ('e', DATE '2024-09-30', 't10', 60, 1, 11),
                ('a', DATE '2024-10-02', 't11', 500, 1, 12);
            """);
        return db;
    }
}
