using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>One period of the tracking plot with its actual repeat purchases (a row of cltv_tracking_actuals).</summary>
internal sealed record TrackingPeriod(int Index, DateOnly Start, DateOnly End, bool InHoldout, long ActualRepeatPurchases);

/// <summary>A calibration customer's first purchase day and number of purchase days in the holdout period.</summary>
internal readonly record struct CustomerHoldoutActual(DateOnly FirstPurchaseDate, long Purchases);

/// <summary>
/// The actual side of the holdout validation, built in SQL (sql/510_cltv_holdout_actuals.sql): per customer
/// (cltv_holdout_actuals) and per period (cltv_tracking_actuals); and the last purchase date in the data.
/// </summary>
internal sealed record HoldoutActuals(
    IReadOnlyDictionary<string, CustomerHoldoutActual> Customers,
    IReadOnlyList<TrackingPeriod> Periods,
    DateOnly? LastPurchaseDate)
{
    private const string CustomersQuery =
        "SELECT customer_id::VARCHAR, first_purchase_date::DATE, actual_holdout_purchases::BIGINT FROM cltv_holdout_actuals";

    private const string PeriodsQuery = """
        SELECT period_index::INTEGER, period_start::DATE, period_end::DATE, in_holdout::BOOLEAN, actual_repeat_purchases::BIGINT
        FROM cltv_tracking_actuals ORDER BY period_index
        """;

    public static HoldoutActuals Read(DuckDBConnection connection)
    {
        var customers = new Dictionary<string, CustomerHoldoutActual>(StringComparer.Ordinal);
        foreach (var row in Rows(connection, CustomersQuery))
        {
            if (row.IsDBNull(0))
            {
                continue;
            }

            customers[row.GetString(0)] = new CustomerHoldoutActual(row.GetFieldValue<DateOnly>(1), row.GetInt64(2));
        }

        var periods = Rows(connection, PeriodsQuery)
            .Select(row => new TrackingPeriod(row.GetInt32(0), row.GetFieldValue<DateOnly>(1), row.GetFieldValue<DateOnly>(2), row.GetBoolean(3), row.GetInt64(4)))
            .ToList();
        var last = Rows(connection, "SELECT max(purchase_date)::DATE FROM purchases")
            .Select(row => row.IsDBNull(0) ? (DateOnly?)null : row.GetFieldValue<DateOnly>(0))
            .Single();
        return new HoldoutActuals(customers, periods, last);
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
