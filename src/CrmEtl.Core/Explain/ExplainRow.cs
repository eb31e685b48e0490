using System.Globalization;
using System.Numerics;

namespace CrmEtl.Core.Explain;

/// <summary>
/// One row of an explain query, read by column name. DuckDB hands back HUGEINT, DECIMAL, DATE and
/// lists as several CLR types; this converts them to what the explanation records hold.
/// </summary>
internal sealed class ExplainRow(IDictionary<string, object?> values)
{
    private object? Raw(string column) => values.TryGetValue(column, out var value) && value is not DBNull ? value : null;

    public bool IsNull(string column) => Raw(column) is null;

    public string? Text(string column) => Raw(column) switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    public double? Double(string column) => Raw(column) switch
    {
        null => null,
        BigInteger b => (double)b,
        var v => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    };

    public long? Long(string column) => Raw(column) switch
    {
        null => null,
        BigInteger b => (long)b,
        var v => Convert.ToInt64(v, CultureInfo.InvariantCulture),
    };

    public int? Int(string column) => Long(column) is { } l ? (int)l : null;

    public bool? Bool(string column) => Raw(column) is { } v ? Convert.ToBoolean(v, CultureInfo.InvariantCulture) : null;

    public DateOnly? Date(string column) => Raw(column) switch
    {
        null => null,
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        var v => DateOnly.Parse(v.ToString()!, CultureInfo.InvariantCulture),
    };

    public List<double>? Doubles(string column) => Raw(column) switch
    {
        null => null,
        System.Collections.IEnumerable list => [.. list.Cast<object?>().Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))],
        _ => null,
    };
}
