using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>One period of the tracking plot with its actual repeat purchases (a row of cltv_tracking_actuals).</summary>
internal sealed record TrackingPeriod(int Index, DateOnly Start, DateOnly End, bool InHoldout, long ActualRepeatPurchases);

/// <summary>The calibration customers whose first purchase was on one day, and how many there are.</summary>
internal readonly record struct FirstPurchaseCohort(DateOnly FirstPurchaseDate, long Customers);

/// <summary>
/// The actual side of the holdout validation, built in SQL (sql/510_cltv_holdout_actuals.sql): per customer
/// (cltv_holdout_actuals, read here only as counts per first purchase day; the customers' rows are streamed by
/// <see cref="CltvSummary.WithHoldoutActuals"/>) and per period (cltv_tracking_actuals); and the last purchase date in the data.
/// </summary>
internal sealed record HoldoutActuals(
    long Customers,
    IReadOnlyList<FirstPurchaseCohort> Cohorts,
    IReadOnlyList<TrackingPeriod> Periods,
    DateOnly? LastPurchaseDate)
{
    private const string CohortsQuery = """
        SELECT first_purchase_date::DATE, count(*) FROM cltv_holdout_actuals
        WHERE customer_id IS NOT NULL GROUP BY ALL ORDER BY 1
        """;

    private const string PeriodsQuery = """
        SELECT period_index::INTEGER, period_start::DATE, period_end::DATE, in_holdout::BOOLEAN, actual_repeat_purchases::BIGINT
        FROM cltv_tracking_actuals ORDER BY period_index
        """;

    public static HoldoutActuals Read(DuckDBConnection connection)
    {
        var cohorts = Rows(connection, CohortsQuery)
            .Select(row => new FirstPurchaseCohort(row.GetFieldValue<DateOnly>(0), row.GetInt64(1)))
            .ToList();
        var periods = Rows(connection, PeriodsQuery)
            .Select(row => new TrackingPeriod(row.GetInt32(0), row.GetFieldValue<DateOnly>(1), row.GetFieldValue<DateOnly>(2), row.GetBoolean(3), row.GetInt64(4)))
            .ToList();
        var last = Rows(connection, "SELECT max(purchase_date)::DATE FROM purchases")
            .Select(row => row.IsDBNull(0) ? (DateOnly?)null : row.GetFieldValue<DateOnly>(0))
            .Single();
        return new HoldoutActuals(cohorts.Sum(c => c.Customers), cohorts, periods, last);
    }

    private static IEnumerable<DuckDBDataReader> Rows(DuckDBConnection connection, string query)
    {
        using var command = connection.CreateCommand();
        command.CommandText = query;
        var reader = DuckDbErrors.Translate(
            () => (DuckDBDataReader)command.ExecuteReader(),
            e => "The holdout validation (cltv_holdout_end is set) needs the purchases and the tables cltv_holdout_actuals and " +
                 "cltv_tracking_actuals built by sql/510_cltv_holdout_actuals.sql: " + e.Message);
        using (reader)
        {
            while (reader.Read())
            {
                yield return reader;
            }
        }
    }
}
