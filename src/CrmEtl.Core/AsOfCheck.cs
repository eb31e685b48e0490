using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>Catches an as-of date that leaves nothing to analyse, such as a mistyped year.</summary>
internal static class AsOfCheck
{
    public static string? Warning(DuckDBConnection connection, DateOnly asOf)
    {
        var earliest = connection.ExecuteScalar<DateTime?>("""
            SELECT min(d)::TIMESTAMP FROM (
                SELECT min(purchase_date) AS d FROM purchases
                UNION ALL SELECT min(first_purchase_date) FROM customers
                UNION ALL SELECT min(lead_date) FROM leads
                UNION ALL SELECT min(date) FROM ads)
            """);
        return earliest is { } first && DateOnly.FromDateTime(first) > asOf
            ? $"the as-of date {asOf:yyyy-MM-dd} is before the first date in the inputs ({first:yyyy-MM-dd}): every analysis is empty"
            : null;
    }
}
