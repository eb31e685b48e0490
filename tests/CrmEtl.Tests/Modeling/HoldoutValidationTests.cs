using CrmEtl.Core;
using CrmEtl.Core.Modeling;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Modeling;

public sealed class HoldoutValidationTests
{
    /// <summary>Fader, Hardie &amp; Lee (2005), CDNOW: r = 0.2426, α = 4.4137, a = 0.7930, b = 2.4262 (weeks).</summary>
    private static readonly BgNbdModel Published = new(0.2426, 4.4137, 0.7930, 2.4262);

    private static readonly HoldoutPeriod CdnowHoldout = new(new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30));

    [Fact]
    public void Cdnow_holdout_is_39_weeks()
    {
        Assert.Equal(273, CdnowHoldout.Days);
        Assert.Equal(39, CdnowHoldout.Days / 7.0);
    }

    [Fact]
    public void Holdout_prediction_reproduces_the_published_conditional_expectation()
    {
        // FHL 2005, §5: x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226 purchases in the next 39 weeks.
        var predicted = HoldoutValidation.PredictHoldoutPurchases(Published, [new PurchaseHistory(2, 30.43, 38.86)], CdnowHoldout.Days / 7.0);

        Assert.Equal(1.226, predicted.Single(), 0.0005);
    }

    [Fact]
    public void Holdout_prediction_is_per_history_and_NaN_for_one_the_model_cannot_take()
    {
        PurchaseHistory[] histories = [new(2, 30.43, 38.86), new(1, 5, 3), new(0, 0, 20), new(2, 30.43, 38.86)];

        var predicted = HoldoutValidation.PredictHoldoutPurchases(Published, histories, 39);

        Assert.True(double.IsNaN(predicted[1]));
        Assert.Equal(Published.ConditionalExpectedPurchases(39, histories[2]), predicted[2], 1e-12);
        Assert.Equal(predicted[0], predicted[3]);
    }

    [Fact]
    public void Cohort_expectation_sums_each_cohorts_unconditional_expectation_from_its_first_day()
    {
        var day = new DateOnly(1997, 1, 1);
        DateOnly[] firstDays = [day, day, day.AddDays(14)];
        var cohorts = new CohortExpectedPurchases(Published, firstDays.Select(d => new FirstPurchaseCohort(d, 1)), 7, day.AddDays(70));

        // Through day 70: two customers 10 weeks in, one 8 weeks in. Through day 10 the late cohort has not started.
        Assert.Equal((2 * Published.ExpectedPurchases(10)) + Published.ExpectedPurchases(8), cohorts.CumulativeThrough(day.AddDays(70)), 1e-12);
        Assert.Equal(2 * Published.ExpectedPurchases(10 / 7.0), cohorts.CumulativeThrough(day.AddDays(10)), 1e-12);
        Assert.Equal(0, cohorts.CumulativeThrough(day));
        Assert.Equal(3, cohorts.Customers);
        Assert.Throws<ArgumentOutOfRangeException>(() => cohorts.CumulativeThrough(day.AddDays(71)));
    }

    [Fact]
    public void Holdout_that_does_not_follow_the_calibration_period_is_a_user_error()
    {
        var options = new CltvOptions(Holdout: new HoldoutPeriod(new DateOnly(1998, 6, 30), new DateOnly(1998, 6, 30)));

        var error = Assert.Throws<CrmEtlException>(options.Validate);

        Assert.Contains("cltv_holdout_end (1998-06-30) must be after the as-of date (1998-06-30)", error.Message);
    }

    [Fact]
    public void Stage_with_a_holdout_but_no_actuals_tables_names_the_script_that_builds_them()
    {
        using var connection = SummaryOnly();

        var error = Assert.Throws<CrmEtlException>(() => CltvStage.Run(connection, new CltvOptions(Holdout: CdnowHoldout)));

        Assert.Contains("sql/510_cltv_holdout_actuals.sql", error.Message);
    }

    [Fact]
    public void Stage_with_a_holdout_but_no_purchases_to_count_warns_and_writes_empty_tables()
    {
        using var connection = SummaryOnly();
        connection.Execute("""
            CREATE TABLE purchases (customer_id VARCHAR, purchase_date DATE);
            CREATE TABLE cltv_holdout_actuals (customer_id VARCHAR, first_purchase_date DATE, actual_holdout_purchases BIGINT);
            CREATE TABLE cltv_tracking_actuals (period_index INTEGER, period_start DATE, period_end DATE, in_holdout BOOLEAN, actual_repeat_purchases BIGINT);
            """);

        var result = CltvStage.Run(connection, new CltvOptions(Holdout: CdnowHoldout));

        Assert.Contains(result.Warnings, w => w.Text.StartsWith("cltv_holdout_end is set but no calibration customer has purchases", StringComparison.Ordinal));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT (SELECT count(*) FROM cltv_holdout) + (SELECT count(*) FROM cltv_tracking)"));
    }

    [Fact]
    public void Stage_with_holdout_actuals_missing_a_column_names_that_table_and_the_script()
    {
        using var connection = SummaryOnly();
        connection.Execute("""
            CREATE TABLE purchases (customer_id VARCHAR, purchase_date DATE);
            INSERT INTO purchases VALUES ('a', DATE '1997-01-01');
            CREATE TABLE cltv_holdout_actuals AS SELECT 'a' AS customer_id, DATE '1997-01-01' AS first_purchase_date, 2 AS purchases_in_holdout;
            CREATE TABLE cltv_tracking_actuals (period_index INTEGER, period_start DATE, period_end DATE, in_holdout BOOLEAN, actual_repeat_purchases BIGINT);
            """);

        var error = Assert.Throws<CrmEtlException>(() => CltvStage.Run(connection, new CltvOptions(Holdout: CdnowHoldout)));

        Assert.Contains("cltv_holdout_actuals(customer_id, first_purchase_date, actual_holdout_purchases)", error.Message);
        Assert.Contains("sql/510_cltv_holdout_actuals.sql", error.Message);
        Assert.Contains("does not have a column named \"actual_holdout_purchases\"", error.Message);
    }

    /// <summary>A cltv_summary as the customer summary export gives it: histories, no purchases.</summary>
    private static DuckDBConnection SummaryOnly()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        connection.Execute("""
            CREATE TABLE cltv_summary AS
            SELECT * FROM (VALUES ('a', 2.0, 30.43, 38.86, 20.0), ('b', 0.0, 0.0, 30.0, NULL), ('c', 1.0, 10.0, 35.0, 15.0))
                AS s(customer_id, frequency, recency, t, monetary)
            """);
        return connection;
    }
}
