using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// The cltv_summary table in memory, column by column; NULL is read as NaN. Contract (built by the SQL scripts):
/// customer_id VARCHAR, frequency = distinct purchase days − 1, recency = t_x, t = T (both in the configured time unit),
/// monetary = mean spend of the repeat purchase days (0 or NULL when frequency = 0).
/// </summary>
internal sealed class CltvSummary
{
    private const string Query = """
        SELECT customer_id::VARCHAR, frequency::DOUBLE, recency::DOUBLE, t::DOUBLE, monetary::DOUBLE
        FROM cltv_summary
        """;

    public List<string?> CustomerIds { get; } = [];

    public List<double> Frequency { get; } = [];

    public List<double> Recency { get; } = [];

    public List<double> T { get; } = [];

    public List<double> Monetary { get; } = [];

    public int Count => CustomerIds.Count;

    public PurchaseHistory History(int row) => new(Frequency[row], Recency[row], T[row]);

    public static CltvSummary Read(DuckDBConnection connection)
    {
        var summary = new CltvSummary();
        using var command = connection.CreateCommand();
        command.CommandText = Query;
        var reader = DuckDbErrors.Translate(
            () => (DuckDBDataReader)command.ExecuteReader(),
            e => "The CLTV stage needs a table cltv_summary(customer_id, frequency, recency, t, monetary) built by the SQL scripts: " +
                 e.Message);
        using (reader)
        {
            summary.Reserve(RowCount(connection));
            while (reader.Read())
            {
                summary.CustomerIds.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
                summary.Frequency.Add(Value(reader, 1));
                summary.Recency.Add(Value(reader, 2));
                summary.T.Add(Value(reader, 3));
                summary.Monetary.Add(Value(reader, 4));
            }
        }

        return summary;
    }

    /// <summary>
    /// Lists sized once: grown by doubling, a hundred times the generated year (63M customers)
    /// would copy each column into a new array up to twice its size while reading.
    /// </summary>
    private void Reserve(int rows)
    {
        CustomerIds.Capacity = rows;
        Frequency.Capacity = rows;
        Recency.Capacity = rows;
        T.Capacity = rows;
        Monetary.Capacity = rows;
    }

    private static int RowCount(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM cltv_summary";
        return checked((int)(long)command.ExecuteScalar()!);
    }

    private static double Value(DuckDBDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);
}
