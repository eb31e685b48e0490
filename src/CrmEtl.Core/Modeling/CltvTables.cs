using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>One row of cltv_fit: a model's fit, or why it was not fitted.</summary>
internal sealed record CltvFitRow(CltvModel Model, CltvFitStatus Status, ModelFit? Fit, double? FrequencySpendCorrelation, string? Diagnostic);

/// <summary>The Gamma-Gamma expected spend per purchase of the customers with this frequency and mean spend; null where the model gives none.</summary>
internal readonly record struct SpendValue(double Frequency, double Monetary, double? ExpectedAverageValue);

/// <summary>
/// Writes the CLTV output tables with DuckDB's appender, replacing earlier runs:
/// cltv_params(model, param, value, std_error) — parameter estimates; the SE is NULL where it does not exist;
/// cltv_fit(model, status, log_likelihood, n_customers, n_groups, iterations, gradient_norm, optimiser, penalizer,
///          frequency_spend_correlation, days_per_time_unit, horizon_months, monthly_discount_rate, diagnostic) — one row per model,
///          status converged | on_boundary | infinite_mean | not_fitted | failed (diagnostic says why);
/// cltv_history_forecasts(frequency, recency, t, customers, expected_purchases, p_alive, discounted_purchases) — one row per
///          distinct history the purchase model takes: the purchases expected over the horizon, P(alive) now, and those
///          purchases discounted (the CLV's multiplier of the expected spend); forecasts NULL when no purchase model was fitted;
/// cltv_predictions(customer_id, frequency, recency, t, monetary, expected_purchases, p_alive, expected_avg_value, clv) —
///          the inputs echoed, the forecasts of the customer's history, the Gamma-Gamma expected spend per purchase, and the
///          discounted CLV over the horizon (same currency as monetary); NULL where a model could not be applied;
/// cltv_warnings(warning, customers).
/// The models work on distinct histories and spends; cltv_predictions is cltv_summary joined with what they give, a TEMP
/// table of the connection: sql/post_fit/600_cltv_segments.sql reads it and stores the table with the segments added, so
/// its rows are compressed and written to the file once, not twice; <see cref="PublishPredictions"/> then drops it (and
/// stores it as it is when no post-fit script stored one).
/// </summary>
internal static class CltvTables
{
    private const string Schema = """
        CREATE OR REPLACE TABLE cltv_params (model VARCHAR, param VARCHAR, value DOUBLE, std_error DOUBLE);
        CREATE OR REPLACE TABLE cltv_fit (model VARCHAR, status VARCHAR, log_likelihood DOUBLE, n_customers BIGINT,
            n_groups BIGINT, iterations INTEGER, gradient_norm DOUBLE, optimiser VARCHAR, penalizer DOUBLE,
            frequency_spend_correlation DOUBLE, days_per_time_unit DOUBLE, horizon_months INTEGER,
            monthly_discount_rate DOUBLE, diagnostic VARCHAR);
        CREATE OR REPLACE TEMP TABLE cltv_spend_values (frequency DOUBLE, monetary DOUBLE, expected_avg_value DOUBLE);
        CREATE OR REPLACE TABLE cltv_warnings (warning VARCHAR, customers BIGINT);
        """;

    /// <summary>
    /// Each customer of cltv_summary with the forecasts of their history and the expected spend of their (x, m̄); a one-time
    /// buyer's is keyed with m̄ = 0 (see <see cref="SpendValue"/>). A customer whose history the models do not take gets
    /// NULL predictions; NaN and ±∞ become NULL.
    /// </summary>
    private const string Predictions = """
        CREATE OR REPLACE TEMP TABLE cltv_predictions AS
        WITH summary AS (
            SELECT customer_id::VARCHAR AS customer_id, frequency::DOUBLE AS frequency, recency::DOUBLE AS recency,
                   t::DOUBLE AS t, monetary::DOUBLE AS monetary
            FROM cltv_summary
        ),
        predicted AS (
            SELECT s.*, h.expected_purchases, h.p_alive, h.discounted_purchases,
                   CASE WHEN h.frequency IS NOT NULL THEN v.expected_avg_value END AS expected_avg_value
            FROM summary AS s
            LEFT JOIN cltv_history_forecasts AS h
                   ON h.frequency = s.frequency AND h.recency = s.recency AND h.t = s.t
            LEFT JOIN temp.main.cltv_spend_values AS v
                   ON v.frequency = s.frequency AND v.monetary = CASE WHEN s.frequency = 0 THEN 0 ELSE s.monetary END
        )
        SELECT customer_id,
               CASE WHEN isfinite(frequency) THEN frequency END AS frequency,
               CASE WHEN isfinite(recency) THEN recency END AS recency,
               CASE WHEN isfinite(t) THEN t END AS t,
               CASE WHEN isfinite(monetary) THEN monetary END AS monetary,
               CASE WHEN isfinite(expected_purchases) THEN expected_purchases END AS expected_purchases,
               CASE WHEN isfinite(p_alive) THEN p_alive END AS p_alive,
               CASE WHEN isfinite(expected_avg_value) THEN expected_avg_value END AS expected_avg_value,
               CASE WHEN isfinite(expected_avg_value * discounted_purchases) THEN expected_avg_value * discounted_purchases END AS clv
        FROM predicted;
        DROP TABLE temp.main.cltv_spend_values;
        """;

    /// <summary>The distinct histories the purchase model takes, with their forecasts (NULL without a fitted model).</summary>
    public static void WriteHistoryForecasts(DuckDBConnection connection, HistoryGroups groups, HistoryForecasts? forecasts)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE OR REPLACE TABLE cltv_history_forecasts (frequency DOUBLE, recency DOUBLE, t DOUBLE, customers BIGINT,
                    expected_purchases DOUBLE, p_alive DOUBLE, discounted_purchases DOUBLE);
                """;
            command.ExecuteNonQuery();
        }

        using var appender = connection.CreateAppender("cltv_history_forecasts");
        for (var g = 0; g < groups.Histories.Count; g++)
        {
            var history = groups.Histories[g];
            appender.CreateRow().AppendValue(history.Frequency).AppendValue(history.Recency).AppendValue(history.T)
                .AppendValue((long)groups.Weights[g])
                .AppendValue(Nullable(forecasts?.Horizon[g].ExpectedPurchases ?? double.NaN))
                .AppendValue(Nullable(forecasts?.ProbabilityAlive[g] ?? double.NaN))
                .AppendValue(Nullable(forecasts?.Horizon[g].DiscountedPurchases ?? double.NaN)).EndRow();
        }
    }

    public static void Write(
        DuckDBConnection connection,
        CltvOptions options,
        IReadOnlyList<SpendValue> spendValues,
        IReadOnlyList<CltvFitRow> fits,
        IReadOnlyList<CltvWarning> warnings)
    {
        // One transaction: readers never see a half-written set of CLTV tables.
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender("cltv_params"))
        {
            foreach (var row in fits.Where(f => f.Fit is not null))
            {
                foreach (var parameter in row.Fit!.Parameters)
                {
                    appender.CreateRow().AppendValue(row.Model.SqlName()).AppendValue(parameter.Name)
                        .AppendValue(parameter.Value).AppendValue(parameter.StandardError).EndRow();
                }
            }
        }

        using (var appender = connection.CreateAppender("cltv_fit"))
        {
            foreach (var row in fits)
            {
                var fit = row.Fit;
                appender.CreateRow().AppendValue(row.Model.SqlName()).AppendValue(row.Status.SqlName())
                    .AppendValue(fit?.LogLikelihood).AppendValue((long?)fit?.Customers).AppendValue((long?)fit?.Groups)
                    .AppendValue(fit?.Iterations).AppendValue(fit?.GradientNorm).AppendValue(fit?.Optimiser).AppendValue(fit?.Penalizer)
                    .AppendValue(row.FrequencySpendCorrelation).AppendValue(options.DaysPerTimeUnit).AppendValue(options.HorizonMonths)
                    .AppendValue(options.MonthlyDiscountRate).AppendValue(row.Diagnostic).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("cltv_spend_values"))
        {
            foreach (var (frequency, monetary, value) in spendValues)
            {
                appender.CreateRow().AppendValue(frequency).AppendValue(monetary).AppendValue(value is { } v ? Nullable(v) : null).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("cltv_warnings"))
        {
            foreach (var warning in warnings)
            {
                appender.CreateRow().AppendValue(warning.Text).AppendValue(warning.Count).EndRow();
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = Predictions;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>After the post-fit scripts: the stored cltv_predictions becomes the one every later query sees.</summary>
    public static void PublishPredictions(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cltv_predictions' AND temporary";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return;
        }

        command.CommandText =
            "CREATE TABLE IF NOT EXISTS main.cltv_predictions AS FROM temp.main.cltv_predictions; DROP TABLE temp.main.cltv_predictions;";
        command.ExecuteNonQuery();
    }

    /// <summary>NaN and ±∞ become NULL: no non-number ever reaches a table.</summary>
    private static double? Nullable(double value) => double.IsFinite(value) ? value : null;
}
