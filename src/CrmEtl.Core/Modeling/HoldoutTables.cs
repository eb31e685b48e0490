using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Writes the holdout validation's tables with DuckDB's appender, replacing earlier runs; both exist, empty, when no
/// holdout is set. Times are in the CLTV time unit (cltv_time_unit_days); NaN is written as NULL.
/// cltv_holdout(customer_id, frequency, recency, t, holdout_length, predicted_holdout_purchases, actual_holdout_purchases) —
///     per calibration customer: the calibration history as in cltv_summary (t = T, the customer's age at the as-of date),
///     the holdout length t*, E[Y(t*) | x, t_x, T] and the actual purchase days in the holdout period;
/// cltv_tracking(period_index, period_start, period_end, in_holdout, actual_repeat_purchases, expected_repeat_purchases,
///     cumulative_actual_repeat_purchases, cumulative_expected_repeat_purchases) — per period since the first purchase, the
///     calibration customers' repeat purchases, actual and expected from the cohorts' E[X(t)].
/// </summary>
internal static class HoldoutTables
{
    private const string Schema = """
        CREATE OR REPLACE TABLE cltv_holdout (customer_id VARCHAR, frequency DOUBLE, recency DOUBLE, t DOUBLE,
            holdout_length DOUBLE, predicted_holdout_purchases DOUBLE, actual_holdout_purchases BIGINT);
        CREATE OR REPLACE TABLE cltv_tracking (period_index INTEGER, period_start DATE, period_end DATE, in_holdout BOOLEAN,
            actual_repeat_purchases BIGINT, expected_repeat_purchases DOUBLE,
            cumulative_actual_repeat_purchases BIGINT, cumulative_expected_repeat_purchases DOUBLE);
        """;

    public static void Write(DuckDBConnection connection, HoldoutOutcome outcome)
    {
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender("cltv_holdout"))
        {
            foreach (var row in outcome.Customers)
            {
                appender.CreateRow().AppendValue(row.CustomerId)
                    .AppendValue(Nullable(row.History.Frequency)).AppendValue(Nullable(row.History.Recency)).AppendValue(Nullable(row.History.T))
                    .AppendValue(Nullable(row.HoldoutLength)).AppendValue(Nullable(row.Predicted)).AppendValue(row.Actual).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("cltv_tracking"))
        {
            foreach (var row in outcome.Tracking)
            {
                var period = row.Period;
                appender.CreateRow().AppendValue(period.Index).AppendValue(period.Start).AppendValue(period.End).AppendValue(period.InHoldout)
                    .AppendValue(period.ActualRepeatPurchases).AppendValue(Nullable(row.Expected))
                    .AppendValue(row.CumulativeActual).AppendValue(Nullable(row.CumulativeExpected)).EndRow();
            }
        }

        transaction.Commit();
    }

    /// <summary>NaN and ±∞ become NULL: no non-number ever reaches a table.</summary>
    private static double? Nullable(double value) => double.IsFinite(value) ? value : null;
}
