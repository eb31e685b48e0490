using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>One row of cltv_summary; NULL is read as NaN.</summary>
internal readonly record struct SummaryRow(string? CustomerId, double Frequency, double Recency, double T, double Monetary)
{
    public PurchaseHistory History => new(Frequency, Recency, T);
}

/// <summary>How many customers of cltv_summary share one (x, t_x, T), and how many of them have a non-zero monetary.</summary>
internal readonly record struct HistoryCount(PurchaseHistory History, long Customers, long WithSpend);

/// <summary>
/// Reads the cltv_summary table without holding it: counts grouped by SQL, rows streamed. Contract (built by the SQL
/// scripts): customer_id VARCHAR, frequency = distinct purchase days − 1, recency = t_x, t = T (both in the configured
/// time unit), monetary = mean spend of the repeat purchase days (0 or NULL when frequency = 0).
/// A hundred times the generated year has 63M customers: a copy of the table in memory would need several gigabytes
/// next to DuckDB's own, so only what the models need (distinct histories, repeat customers' spend) is kept.
/// </summary>
internal static class CltvSummary
{
    private const string HoldoutJoin = "a.customer_id::VARCHAR = s.customer_id::VARCHAR";

    private const string SummaryNeeded =
        "The CLTV stage needs a table cltv_summary(customer_id, frequency, recency, t, monetary) built by the SQL scripts";

    private const string HoldoutNeeded =
        "The holdout validation (cltv_holdout_end is set) needs cltv_summary and a table cltv_holdout_actuals(customer_id, " +
        "first_purchase_date, actual_holdout_purchases) built by sql/510_cltv_holdout_actuals.sql";

    public static long Count(DuckDBConnection connection) => Translate(() =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM cltv_summary";
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>The distinct (frequency, recency, t) with their customers, in no particular order.</summary>
    public static List<HistoryCount> Histories(DuckDBConnection connection)
    {
        const string query = """
            SELECT frequency::DOUBLE, recency::DOUBLE, t::DOUBLE, count(*),
                   count(*) FILTER (WHERE monetary::DOUBLE <> 0 AND NOT isnan(monetary::DOUBLE))
            FROM cltv_summary
            GROUP BY ALL
            """;
        var counts = new List<HistoryCount>();
        foreach (var row in Stream(connection, query))
        {
            counts.Add(new HistoryCount(new PurchaseHistory(Value(row, 0), Value(row, 1), Value(row, 2)), row.GetInt64(3), row.GetInt64(4)));
        }

        return counts;
    }

    /// <summary>
    /// The repeat customers (frequency &gt; 0) of the histories the purchase model takes (table cltv_history_forecasts), as
    /// their distinct (frequency, monetary) with the customers of each, sorted by frequency then monetary (NULL last), as
    /// <see cref="SpendGroups"/> takes them.
    /// </summary>
    public static IEnumerable<(SpendHistory History, long Customers)> RepeatSpendOfModelledHistories(DuckDBConnection connection)
    {
        const string query = """
            SELECT s.frequency::DOUBLE AS frequency, s.monetary::DOUBLE AS monetary, count(*)
            FROM cltv_summary AS s
            SEMI JOIN cltv_history_forecasts AS h
                   ON h.frequency = s.frequency::DOUBLE AND h.recency = s.recency::DOUBLE AND h.t = s.t::DOUBLE
            WHERE s.frequency::DOUBLE > 0
            GROUP BY ALL
            ORDER BY frequency, monetary NULLS LAST
            """;
        foreach (var row in Stream(connection, query))
        {
            yield return (new SpendHistory(Value(row, 0), Value(row, 1)), row.GetInt64(2));
        }
    }

    /// <summary>The distinct (frequency, recency, t) of the customers with holdout actuals (cltv_holdout_actuals).</summary>
    public static List<PurchaseHistory> HoldoutHistories(DuckDBConnection connection)
    {
        var query = $"""
            SELECT DISTINCT s.frequency::DOUBLE, s.recency::DOUBLE, s.t::DOUBLE
            FROM cltv_summary AS s SEMI JOIN cltv_holdout_actuals AS a ON {HoldoutJoin}
            """;
        return [.. Stream(connection, query, HoldoutNeeded).Select(row => new PurchaseHistory(Value(row, 0), Value(row, 1), Value(row, 2)))];
    }

    /// <summary>The rows of the customers with holdout actuals, each with its number of purchase days in the holdout period.</summary>
    public static IEnumerable<(SummaryRow Row, long ActualHoldoutPurchases)> WithHoldoutActuals(DuckDBConnection connection)
    {
        var query = $"""
            SELECT s.customer_id::VARCHAR, s.frequency::DOUBLE, s.recency::DOUBLE, s.t::DOUBLE, s.monetary::DOUBLE, a.actual_holdout_purchases::BIGINT
            FROM cltv_summary AS s JOIN cltv_holdout_actuals AS a ON {HoldoutJoin}
            """;
        foreach (var row in Stream(connection, query, HoldoutNeeded))
        {
            yield return (Row(row), row.GetInt64(5));
        }
    }

    private static SummaryRow Row(DuckDBDataReader row) =>
        new(row.IsDBNull(0) ? null : row.GetString(0), Value(row, 1), Value(row, 2), Value(row, 3), Value(row, 4));

    /// <summary>
    /// Streams the result on a second connection to the same database (DuckDB.NET would otherwise materialise it,
    /// and the stage's own connection stays free for the appender that writes cltv_predictions).
    /// </summary>
    private static IEnumerable<DuckDBDataReader> Stream(DuckDBConnection connection, string query, string needs = SummaryNeeded)
    {
        using var reading = SecondConnection(connection);
        using var command = reading.CreateCommand();
        command.CommandText = query;
        command.UseStreamingMode = true;
        using var reader = Translate(() => (DuckDBDataReader)command.ExecuteReader(), needs);
        while (reader.Read())
        {
            yield return reader;
        }
    }

    /// <summary>DuckDB.NET shares one database instance between the connections of a file; an in-memory one is reached by duplicating.</summary>
    private static DuckDBConnection SecondConnection(DuckDBConnection connection)
    {
        var second = connection.DataSource.StartsWith(":memory:", StringComparison.Ordinal)
            ? connection.Duplicate()
            : new DuckDBConnection(connection.ConnectionString);
        if (second.State != System.Data.ConnectionState.Open)
        {
            second.Open();
        }

        return second;
    }

    /// <summary>
    /// The first query over the table (<see cref="Histories"/>) reads every value, so a missing column or a value that is not a
    /// number fails there, when the query starts, and later streams meet no new errors.
    /// </summary>
    private static T Translate<T>(Func<T> read, string needs = SummaryNeeded) => DuckDbErrors.Translate(read, e => $"{needs}: {e.Message}");

    private static double Value(DuckDBDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);
}
