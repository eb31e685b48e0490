namespace CrmEtl.Tests.Analyses;

/// <summary>sql/410_cohort_activity.sql and 411_monthly_kpis.sql: by hand, and on seed 000's month.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class MonthlyKpiTests(Seed000MonthRun seed)
{
    [Fact]
    public void Monthly_kpis_of_a_small_case_match_hand_computation()
    {
        using var db = SmallCase();

        db.RunAnalyses("cohort_activity", "monthly_kpis");

        // Jan: leads a, b, x (x never buys): 2 of 3 converted. Active a, b, both new. No month
        //      before: retention, churn and growth NULL. Revenue 100 + 200.
        // Feb: leads c and a (a again, a lead of February too), both bought. Active a, c; new c;
        //      returning a; retained a (active in January): retention 1 of January's 2. Revenue
        //      50 + 30 = 80, growth 80/300 - 1.
        // Mar: lead d (e's lead and a's purchase are after as-of). Active c (twice), d; new d;
        //      retained c: 1 of February's 2. Revenue 10 + 10 + 40 = 60, growth 60/80 - 1.
        //      As-of is 03-15, so March is not complete.
        Assert.Equal(
            [
                "2024-01 True 3 2 0.666667 2 2 0 0 1 - - 2 300 -",
                "2024-02 True 2 2 1 1 2 1 1 0.5 0.5 0.5 2 80 -0.733333",
                "2024-03 False 1 1 1 1 2 1 1 0.5 0.5 0.5 3 60 -0.25",
            ],
            db.Lines("""
                SELECT strftime(month, '%Y-%m'), month_complete, leads, converted_leads, round(lead_conversion_rate, 6),
                       new_customers, active_customers, returning_customers, retained_customers,
                       acquisition_rate, retention_rate, churn_rate, transactions, revenue, round(revenue_growth, 6)
                FROM monthly_kpis ORDER BY month
                """));
    }

    [Fact]
    public void A_month_without_purchases_has_zeros_and_no_retention_after_it()
    {
        // a buys in January and March, nothing in February: February is still a row (all zeros,
        // retention 0 of January's 1, revenue growth -1); March has no active customer in the
        // month before, so its retention and growth are NULL rather than a division by zero.
        using var db = AnalysisDatabase.Create("2024-03-31");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('a', DATE '2024-01-10', 't1', 10, 1, 2), ('a', DATE '2024-03-10', 't2', 20, 1, 3);
            """);

        db.RunAnalyses("cohort_activity", "monthly_kpis");

        Assert.Equal(
            [
                "2024-01 1 1 0 - - 10 -",
                "2024-02 0 0 0 0 1 0 -1",
                "2024-03 1 0 1 - - 20 -",
            ],
            db.Lines("""
                SELECT strftime(month, '%Y-%m'), active_customers, new_customers, returning_customers,
                       retention_rate, churn_rate, revenue, revenue_growth
                FROM monthly_kpis ORDER BY month
                """));
    }

    [Fact]
    public void Monthly_kpis_without_purchases_or_leads_are_empty()
    {
        using var db = AnalysisDatabase.Create("2024-03-31");

        db.RunAnalyses("cohort_activity", "monthly_kpis");

        Assert.Equal(0, db.Scalar<int>("SELECT count(*) FROM monthly_kpis"));
    }

    [Fact]
    public void Seed_month_kpis_count_every_buyer_once_as_new()
    {
        // All 81,065 leads of the fixture fall in January 2024 and every buyer bought first on
        // the day of their lead: January has every lead, every conversion and every new customer.
        var months = seed.Query<(DateOnly Month, long Leads, long Converted, long New, long Active, long Transactions, double Revenue)>(
            "SELECT month, leads, converted_leads, new_customers, active_customers, transactions, revenue FROM monthly_kpis ORDER BY month");

        Assert.Equal(
            [new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1), new DateOnly(2024, 5, 1)],
            months.Select(m => m.Month));
        Assert.Equal((81_065, 51_752, 51_752), (months[0].Leads, months[0].Converted, months[0].New));
        Assert.Equal(51_752, months.Sum(m => m.New));
        Assert.Equal(93_126, months.Sum(m => m.Transactions));
        Assert.Equal(seed.Scalar<long>("SELECT count(DISTINCT (customer_id, date_trunc('month', purchase_date))) FROM purchases"),
            months.Sum(m => m.Active));
        Assert.Equal(seed.Scalar<double>("SELECT sum(price * qty) FROM purchases"), months.Sum(m => m.Revenue), 1e-6);
    }

    [Fact]
    public void Seed_month_retention_matches_a_direct_count()
    {
        // Retention of April: customers who bought in both March and April, over March's buyers.
        var (retention, churn) = seed.Query<(double Retention, double Churn)>(
            "SELECT retention_rate, churn_rate FROM monthly_kpis WHERE month = DATE '2024-04-01'").Single();
        var direct = seed.Scalar<double>("""
            WITH march AS (SELECT DISTINCT customer_id FROM purchases WHERE purchase_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'),
                 april AS (SELECT DISTINCT customer_id FROM purchases WHERE purchase_date BETWEEN DATE '2024-04-01' AND DATE '2024-04-30')
            SELECT (SELECT count(*) FROM march JOIN april USING (customer_id)) / (SELECT count(*) FROM march)
            """);

        Assert.Equal(direct, retention, 12);
        Assert.Equal(1 - direct, churn, 12);
    }

    /// <summary>As of 2024-03-15; rows dated after it must be ignored.</summary>
    internal static AnalysisDatabase SmallCase()
    {
        var db = AnalysisDatabase.Create("2024-03-15");
        db.Execute("""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, source_line) VALUES
                ('a', DATE '2024-01-05', 't1', 100, 1, 2),
                ('b', DATE '2024-01-20', 't3', 200, 1, 3),
                ('a', DATE '2024-02-10', 't2', 50, 1, 4),
                ('c', DATE '2024-02-03', 't4', 30, 1, 5),
                ('c', DATE '2024-03-01', 't5', 10, 1, 6),
                ('c', DATE '2024-03-02', 't6', 10, 1, 7),
                ('d', DATE '2024-03-10', 't7', 40, 1, 8),
                ('a', DATE '2024-03-20', 't8', 999, 1, 9);
            INSERT INTO leads (lead_date, customer_id, source_line) VALUES
                (DATE '2024-01-02', 'a', 2), (DATE '2024-01-03', 'b', 3), (DATE '2024-01-04', 'x', 4),
                (DATE '2024-02-01', 'c', 5), (DATE '2024-02-02', 'a', 6), (DATE '2024-03-05', 'd', 7),
                (DATE '2024-03-16', 'e', 8);
            """);
        return db;
    }
}
