using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>One row of cltv_fit: a model's fit, or why it was not fitted.</summary>
internal sealed record CltvFitRow(CltvModel Model, CltvFitStatus Status, ModelFit? Fit, double? FrequencySpendCorrelation, string? Diagnostic);

/// <summary>One customer's outputs next to the summary row they come from; NaN is written as NULL.</summary>
internal readonly record struct CltvPrediction(SummaryRow Summary, double ExpectedPurchases, double ProbabilityAlive, double ExpectedAverageValue, double Clv);

/// <summary>
/// Writes the CLTV output tables with DuckDB's appender, replacing earlier runs:
/// cltv_params(model, param, value, std_error) — parameter estimates; the SE is NULL where it does not exist;
/// cltv_fit(model, status, log_likelihood, n_customers, n_groups, iterations, gradient_norm, optimiser, penalizer,
///          frequency_spend_correlation, days_per_time_unit, horizon_months, monthly_discount_rate, diagnostic) — one row per model,
///          status converged | on_boundary | infinite_mean | not_fitted | failed (diagnostic says why);
/// cltv_predictions(customer_id, frequency, recency, t, monetary, expected_purchases, p_alive, expected_avg_value, clv) —
///          the inputs echoed, purchases expected over the horizon, P(alive) now, Gamma-Gamma expected spend per purchase,
///          and discounted CLV over the horizon (same currency as monetary); NULL where a model could not be applied;
/// cltv_warnings(warning, customers).
/// cltv_predictions is a TEMP table of the connection: sql/post_fit/600_cltv_segments.sql reads it and stores the table
/// with the segments added, so its rows are compressed and written to the file once, not twice; <see cref="PublishPredictions"/>
/// then drops it (and stores it as it is when no post-fit script stored one).
/// </summary>
internal static class CltvTables
{
    private const string Schema = """
        CREATE OR REPLACE TABLE cltv_params (model VARCHAR, param VARCHAR, value DOUBLE, std_error DOUBLE);
        CREATE OR REPLACE TABLE cltv_fit (model VARCHAR, status VARCHAR, log_likelihood DOUBLE, n_customers BIGINT,
            n_groups BIGINT, iterations INTEGER, gradient_norm DOUBLE, optimiser VARCHAR, penalizer DOUBLE,
            frequency_spend_correlation DOUBLE, days_per_time_unit DOUBLE, horizon_months INTEGER,
            monthly_discount_rate DOUBLE, diagnostic VARCHAR);
        CREATE OR REPLACE TEMP TABLE cltv_predictions (customer_id VARCHAR, frequency DOUBLE, recency DOUBLE, t DOUBLE,
            monetary DOUBLE, expected_purchases DOUBLE, p_alive DOUBLE, expected_avg_value DOUBLE, clv DOUBLE);
        CREATE OR REPLACE TABLE cltv_warnings (warning VARCHAR, customers BIGINT);
        """;

    public static void Write(
        DuckDBConnection connection,
        CltvOptions options,
        IEnumerable<CltvPrediction> predictions,
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

        using (var appender = connection.CreateAppender("cltv_predictions"))
        {
            foreach (var (summary, expectedPurchases, probabilityAlive, expectedAverageValue, clv) in predictions)
            {
                appender.CreateRow().AppendValue(summary.CustomerId)
                    .AppendValue(Nullable(summary.Frequency)).AppendValue(Nullable(summary.Recency))
                    .AppendValue(Nullable(summary.T)).AppendValue(Nullable(summary.Monetary))
                    .AppendValue(Nullable(expectedPurchases)).AppendValue(Nullable(probabilityAlive))
                    .AppendValue(Nullable(expectedAverageValue)).AppendValue(Nullable(clv)).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("cltv_warnings"))
        {
            foreach (var warning in warnings)
            {
                appender.CreateRow().AppendValue(warning.Text).AppendValue(warning.Count).EndRow();
            }
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
