using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Rows without a customer id are no customer: the canonical view leaves them out, and this
/// counts them and keeps the first ones in <c>load_rejects</c>, so that they are reported and
/// never merged into one customer called "NA".
/// </summary>
internal sealed class MissingCustomerIds(DuckDBConnection connection)
{
    public const string ErrorType = "MISSING CUSTOMER ID";

    /// <summary>Rows kept in load_rejects; the count covers all of them.</summary>
    private const int DetailRows = 1_000;

    /// <returns>
    /// The rows, the first one's source_line (<see cref="FileLines"/> tells its file), and whether any of them has an id of
    /// spaces only (not just a missing or empty one).
    /// </returns>
    public (long Rows, long? FirstLine, bool IdsOfSpacesOnly) Collect(CanonicalSource source, SourceSpec spec, ColumnMapping mapping, ICollection<RejectedRow> rejects, FileLines lines)
    {
        if (!CanonicalTableBuilder.HasCustomerId(source))
        {
            return (0, null, false);
        }

        var missing = $"""
            SELECT source_line, customer_id
            FROM ({CanonicalTableBuilder.MappedRows(connection, source, spec, mapping)})
            WHERE NOT coalesce({CanonicalTableBuilder.CustomerIdPresent}, false)
            """;
        var (rows, firstLine, spacesOnly) = connection.QuerySingle<(long, long?, long)>(
            $"SELECT count(*), min(source_line), count(*) FILTER (WHERE customer_id <> '') FROM ({missing})");
        if (rows == 0)
        {
            return (0, null, false);
        }

        var column = mapping.PlainFileColumns.GetValueOrDefault("customer_id") ?? "customer_id";
        var details = connection.Query<(long Line, string Row)>($"""
            SELECT m.source_line, CAST(r AS VARCHAR)
            FROM (({missing}) ORDER BY source_line LIMIT {DetailRows}) AS m
            JOIN {source.RawTable} AS r ON {CanonicalSource.LineExpression.Replace("rowid", "r.rowid", StringComparison.Ordinal)} = m.source_line
            ORDER BY m.source_line
            """);
        foreach (var (line, row) in details)
        {
            var (path, lineInFile) = lines.Locate(line);
            rejects.Add(new RejectedRow(source.Name, path, lineInFile, column, ErrorType, row,
                "no customer id: the row is left out of every analysis"));
        }

        return (rows, firstLine, spacesOnly > 0);
    }
}
