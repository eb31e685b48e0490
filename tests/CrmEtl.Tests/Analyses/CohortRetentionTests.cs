namespace CrmEtl.Tests.Analyses;

/// <summary>sql/412_cohort_retention.sql: by hand, and on seed 000's month.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class CohortRetentionTests(Seed000MonthRun seed)
{
    private const string CohortRows = """
        SELECT strftime(cohort_month, '%Y-%m'), months_since, cohort_size, customers, retention_rate
        FROM cohort_retention ORDER BY cohort_month, months_since
        """;

    [Fact]
    public void Cohorts_of_a_small_case_match_hand_computation()
    {
        // The purchases of MonthlyKpiTests' small case, as of 2024-03-15. January's cohort is a
        // and b: a came back in February, nobody in March (a's March purchase is after as-of).
        // February's cohort is c, back in March. March's cohort is d.
        using var db = MonthlyKpiTests.SmallCase();

        db.RunAnalyses("cohort_activity", "cohort_retention");

        Assert.Equal(
            [
                "2024-01 0 2 2 1",
                "2024-01 1 2 1 0.5",
                "2024-01 2 2 0 0",
                "2024-02 0 1 1 1",
                "2024-02 1 1 1 1",
                "2024-03 0 1 1 1",
            ],
            db.Lines(CohortRows));
    }

    [Fact]
    public void Months_since_stop_at_the_parameter()
    {
        using var db = MonthlyKpiTests.SmallCase();
        db.Execute("SET VARIABLE cohort_max_months_since = 1");

        db.RunAnalyses("cohort_activity", "cohort_retention");

        Assert.Equal(
            ["2024-01 0 2 2 1", "2024-01 1 2 1 0.5", "2024-02 0 1 1 1", "2024-02 1 1 1 1", "2024-03 0 1 1 1"],
            db.Lines(CohortRows));
    }

    [Fact]
    public void Seed_month_has_one_january_cohort_of_every_buyer()
    {
        // Every lead of the fixture is from January and buyers buy first on their lead's day, so
        // the 51,752 buyers form one cohort, followed to May (months since 0..4).
        var rows = seed.Query<(DateOnly Cohort, int MonthsSince, long Size, long Customers, double Rate)>(
            "SELECT cohort_month, months_since, cohort_size, customers, retention_rate FROM cohort_retention ORDER BY months_since");

        Assert.Equal([0, 1, 2, 3, 4], rows.Select(r => r.MonthsSince));
        Assert.All(rows, r => Assert.Equal((new DateOnly(2024, 1, 1), 51_752L), (r.Cohort, r.Size)));
        Assert.Equal(1.0, rows[0].Rate);
        var activeByMonth = seed.Query<long>("SELECT active_customers FROM monthly_kpis ORDER BY month");
        Assert.Equal(activeByMonth, rows.Select(r => r.Customers));
        Assert.All(rows, r => Assert.Equal((double)r.Customers / r.Size, r.Rate, 12));
    }
}
