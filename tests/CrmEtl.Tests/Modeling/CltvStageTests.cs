using CrmEtl.Core;
using CrmEtl.Core.Modeling;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Modeling;

public sealed class CltvStageTests : IDisposable
{
    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    public CltvStageTests() => connection.Open();

    public void Dispose() => connection.Dispose();

    /// <summary>
    /// The cltv_summary contract built in SQL from the CDNOW purchases, calibration period up to 1997-09-30, weeks.
    /// strict_mode = false because the fixture ends its header with LF and its data rows with CRLF.
    /// </summary>
    private void CreateCdnowSummary()
    {
        var csv = Path.Combine(AppContext.BaseDirectory, "data", "cdnow_sample_purchases.csv").Replace("'", "''", StringComparison.Ordinal);
        Execute($$"""
            CREATE TABLE cltv_summary AS
            WITH days AS (
                SELECT customer_id, purchase_date, sum(amount) AS spend
                FROM read_csv('{{csv}}', header = true, delim = ',', strict_mode = false,
                    columns = {'customer_id': 'VARCHAR', 'purchase_date': 'DATE', 'quantity': 'INTEGER', 'amount': 'DOUBLE'})
                WHERE purchase_date <= DATE '1997-09-30'
                GROUP BY ALL),
            ordered AS (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY purchase_date) AS occasion FROM days)
            SELECT customer_id,
                   (count(*) - 1)::DOUBLE AS frequency,
                   date_diff('day', min(purchase_date), max(purchase_date)) / 7 AS recency,
                   date_diff('day', min(purchase_date), DATE '1997-09-30') / 7 AS t,
                   avg(spend) FILTER (WHERE occasion > 1) AS monetary
            FROM ordered
            GROUP BY customer_id
            """);
    }

    [Fact]
    public void Run_on_cdnow_writes_fits_and_predictions_for_every_customer()
    {
        CreateCdnowSummary();

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.Equal(2357, result.Customers);
        Assert.Equal(0.2426, result.Purchases!.Fit.Value("r"), 0.0001);
        Assert.Equal(6.25, result.Spend!.Fit.Value("p"), 0.005);
        Assert.Equal(7, Scalar<long>("SELECT count(*) FROM cltv_params WHERE std_error > 0"));
        Assert.Equal(2357, Scalar<long>("SELECT count(*) FROM cltv_predictions"));
        Assert.Equal(0, Scalar<long>("""
            SELECT count(*) FROM cltv_predictions
            WHERE expected_purchases IS NULL OR p_alive IS NULL OR expected_avg_value IS NULL OR clv IS NULL
               OR NOT isfinite(clv) OR clv < 0 OR p_alive NOT BETWEEN 0 AND 1
            """));
        Assert.Equal(2, Scalar<long>("SELECT count(*) FROM cltv_fit WHERE status = 'converged'"));
        Assert.Equal(-9582.43, Scalar<double>("SELECT log_likelihood FROM cltv_fit WHERE model = 'bgnbd'"), 0.005);
        Assert.Contains(result.Warnings, w => w.Text.StartsWith("one-time buyers (frequency 0)", StringComparison.Ordinal) && w.Count == 1411);
    }

    [Fact]
    public void Clv_uses_calendar_months_in_the_time_unit_of_the_data()
    {
        CreateCdnowSummary();
        var result = CltvStage.Run(connection, new CltvOptions(HorizonMonths: 3, MonthlyDiscountRate: 0.02));

        // Customer 00004 by hand: months of 365.25/12 days = 4.348 weeks, purchases per month discounted by 1.02^m.
        var history = new PurchaseHistory(
            Scalar<double>("SELECT frequency FROM cltv_summary WHERE customer_id = '00004'"),
            Scalar<double>("SELECT recency FROM cltv_summary WHERE customer_id = '00004'"),
            Scalar<double>("SELECT t FROM cltv_summary WHERE customer_id = '00004'"));
        var monetary = Scalar<double>("SELECT monetary FROM cltv_summary WHERE customer_id = '00004'");
        var model = result.Purchases!.Model;
        const double month = 365.25 / 12 / 7;
        var discounted = Enumerable.Range(1, 3).Sum(m =>
            (model.ConditionalExpectedPurchases(m * month, history) - model.ConditionalExpectedPurchases((m - 1) * month, history)) / Math.Pow(1.02, m));
        var expectedClv = result.Spend!.Model.ConditionalExpectedAverageValue(history.Frequency, monetary)!.Value * discounted;

        Assert.Equal(expectedClv, Scalar<double>("SELECT clv FROM cltv_predictions WHERE customer_id = '00004'"), expectedClv * 1e-12);
        Assert.Equal(
            model.ConditionalExpectedPurchases(3 * month, history),
            Scalar<double>("SELECT expected_purchases FROM cltv_predictions WHERE customer_id = '00004'"),
            1e-12);
    }

    [Fact]
    public void A_summary_without_a_column_the_stage_needs_is_named_as_a_user_error()
    {
        Execute("CREATE TABLE cltv_summary AS SELECT * FROM (VALUES ('c1', 1.0, 2.0, 5.0)) v(customer_id, frequency, recency, t)");

        var error = Assert.Throws<CrmEtlException>(() => CltvStage.Run(connection, new CltvOptions()));

        const string needs = "The CLTV stage needs a table cltv_summary(customer_id, frequency, recency, t, monetary) built by the SQL scripts: ";
        Assert.StartsWith(needs, error.Message, StringComparison.Ordinal);
        Assert.Contains("monetary", error.Message[needs.Length..], StringComparison.Ordinal); // DuckDB's own words name the column
    }

    [Fact]
    public void A_summary_value_that_is_not_a_number_is_named_as_a_user_error()
    {
        Execute("CREATE TABLE cltv_summary AS SELECT * FROM (VALUES ('c1', '1', '2', '5', '10'), ('c2', '2', '3', 'soon', '20')) v(customer_id, frequency, recency, t, monetary)");

        var error = Assert.Throws<CrmEtlException>(() => CltvStage.Run(connection, new CltvOptions()));

        Assert.StartsWith("The CLTV stage needs a table cltv_summary", error.Message, StringComparison.Ordinal);
        Assert.Contains("soon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_on_an_empty_summary_writes_empty_tables_and_a_warning()
    {
        Execute("CREATE TABLE cltv_summary (customer_id VARCHAR, frequency DOUBLE, recency DOUBLE, t DOUBLE, monetary DOUBLE)");

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.Null(result.Purchases);
        Assert.Equal("cltv_summary is empty: no CLTV model was fitted", Assert.Single(result.Warnings).Text);
        Assert.Equal(0, Scalar<long>("SELECT count(*) FROM cltv_predictions"));
        Assert.Equal(0, Scalar<long>("SELECT count(*) FROM cltv_params"));
        Assert.Equal(1, Scalar<long>("SELECT count(*) FROM cltv_warnings"));
    }

    [Fact]
    public void Run_with_only_one_time_buyers_writes_null_predictions_and_a_warning()
    {
        Execute("""
            CREATE TABLE cltv_summary AS
            SELECT * FROM (VALUES ('a', 0.0, 0.0, 10.0, NULL), ('b', 0, 0, 20, 0.0)) v(customer_id, frequency, recency, t, monetary)
            """);

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.Null(result.Purchases);
        Assert.Null(result.Spend);
        Assert.Contains(result.Warnings, w => w.Text.StartsWith("bgnbd not fitted: no customer has a repeat purchase", StringComparison.Ordinal) && w.Count == 2);
        Assert.Equal(2, Scalar<long>("SELECT count(*) FROM cltv_predictions WHERE expected_purchases IS NULL AND clv IS NULL"));
        Assert.Equal(2, Scalar<long>("SELECT count(*) FROM cltv_fit WHERE status = 'not_fitted'"));
    }

    [Fact]
    public void Rows_a_model_cannot_take_are_left_out_with_counted_warnings()
    {
        CreateCdnowSummary();
        Execute("""
            INSERT INTO cltv_summary VALUES
                ('null frequency', NULL, 0, 10, NULL),
                ('recency after T', 2, 12, 10, 20),
                ('half a purchase', 1.5, 3, 10, 20),
                ('refunds', 2, 3, 10, -15.0),
                ('free goods', 3, 4, 10, 0.0)
            """);

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.Contains(result.Warnings, w => w.Text.Contains("frequency, recency and T must be numbers", StringComparison.Ordinal) && w.Count == 1);
        Assert.Contains(result.Warnings, w => w.Text.Contains("recency must be between 0 and T", StringComparison.Ordinal) && w.Count == 1);
        Assert.Contains(result.Warnings, w => w.Text.Contains("whole number", StringComparison.Ordinal) && w.Count == 1);
        Assert.Contains(result.Warnings, w => w.Text.StartsWith("repeat customers with zero, negative or missing monetary", StringComparison.Ordinal) && w.Count == 2);
        Assert.Equal(2357 + 2, Scalar<long>("SELECT count(*) FROM cltv_predictions WHERE p_alive IS NOT NULL"));
        Assert.Equal(2357, Scalar<long>("SELECT count(*) FROM cltv_predictions WHERE clv IS NOT NULL"));
        Assert.Equal(2, Scalar<long>("SELECT count(*) FROM cltv_predictions WHERE customer_id IN ('refunds', 'free goods') AND p_alive > 0 AND clv IS NULL"));
    }

    [Fact]
    public void Frequency_counting_the_first_purchase_is_warned_about()
    {
        // A summary that counts all purchase days (one-time buyers get frequency 1, recency 0).
        CreateCdnowSummary();
        Execute("UPDATE cltv_summary SET frequency = frequency + 1");

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.Contains(result.Warnings, w => w.Text.StartsWith("customers have frequency > 0 but recency 0", StringComparison.Ordinal) && w.Count == 1411);
    }

    [Fact]
    public void Run_with_only_invalid_rows_writes_null_predictions()
    {
        Execute("""
            CREATE TABLE cltv_summary AS
            SELECT * FROM (VALUES ('a', -1.0, 0.0, 10.0, NULL), ('b', 2, 30, 20, 5.0)) v(customer_id, frequency, recency, t, monetary)
            """);

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.Null(result.Purchases);
        Assert.Equal(2, Scalar<long>("SELECT count(*) FROM cltv_predictions WHERE p_alive IS NULL AND clv IS NULL"));
    }

    [Fact]
    public void Infinite_mean_spend_fit_writes_null_values_and_a_warning()
    {
        // Mean spends spread like an inverse-gamma with shape 0.7 (no finite mean): Gamma-Gamma fits q < 1.
        var random = new Random(5);
        var rows = string.Join(", ", Enumerable.Range(0, 2000).Select(i =>
        {
            var nu = MathNet.Numerics.Distributions.Gamma.Sample(random, 0.7, 0.1);
            var x = 1 + random.Next(5);
            var mean = Enumerable.Range(0, x).Average(_ => MathNet.Numerics.Distributions.Gamma.Sample(random, 4, nu));
            return FormattableString.Invariant($"('c{i}', {x}, {x * 3}, {x * 3 + 5}, {mean:R})");
        }));
        Execute($"CREATE TABLE cltv_summary AS SELECT * FROM (VALUES {rows}) v(customer_id, frequency, recency, t, monetary)");

        var result = CltvStage.Run(connection, new CltvOptions());

        Assert.False(result.Spend!.Model.HasFiniteMeanSpend);
        Assert.Contains(result.Warnings, w => w.Text.Contains("no finite mean", StringComparison.Ordinal));
        Assert.Equal("infinite_mean", Scalar<string>("SELECT status FROM cltv_fit WHERE model = 'gamma_gamma'"));
        Assert.Equal(2000, Scalar<long>("SELECT count(*) FROM cltv_predictions WHERE expected_avg_value IS NULL AND clv IS NULL AND p_alive IS NOT NULL"));
    }

    [Fact]
    public void Missing_summary_table_throws_a_clear_error()
    {
        var error = Assert.Throws<CrmEtlException>(() => CltvStage.Run(connection, new CltvOptions()));

        Assert.Contains("cltv_summary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_is_not_a_purchase_model_throws_a_clear_error()
    {
        var error = Assert.Throws<CrmEtlException>(() => CltvStage.Run(connection, new CltvOptions(Model: CltvModel.GammaGamma)));

        Assert.Contains("use one of: bgnbd, mbgnbd, paretonbd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mbgnbd_can_be_chosen()
    {
        CreateCdnowSummary();

        var result = CltvStage.Run(connection, new CltvOptions(Model: CltvModel.MbgNbd));

        Assert.Equal(CltvModel.MbgNbd, result.Purchases!.Model.Name);
        Assert.Equal(4, Scalar<long>("SELECT count(*) FROM cltv_params WHERE model = 'mbgnbd'"));
    }

    [Fact]
    public void Paretonbd_can_be_chosen_and_predicts_every_customer()
    {
        CreateCdnowSummary();

        var result = CltvStage.Run(connection, new CltvOptions(Model: CltvModel.ParetoNbd));

        Assert.Equal(CltvModel.ParetoNbd, result.Purchases!.Model.Name);
        Assert.Equal(["alpha", "beta", "r", "s"], Column<string>("SELECT param FROM cltv_params WHERE model = 'paretonbd' AND std_error > 0 ORDER BY param"));
        Assert.Equal("converged", Scalar<string>("SELECT status FROM cltv_fit WHERE model = 'paretonbd'"));
        Assert.Equal(0, Scalar<long>("""
            SELECT count(*) FROM cltv_predictions
            WHERE NOT (isfinite(expected_purchases) AND isfinite(p_alive) AND isfinite(clv))
               OR p_alive NOT BETWEEN 0 AND 1 OR expected_purchases < 0
            """));
    }

    private List<T> Column<T>(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
