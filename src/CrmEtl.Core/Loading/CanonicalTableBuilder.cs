using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Writes the SQL that turns a raw table into its canonical relation: a view (the raw table is
/// already typed by the CSV reader, so a second copy would only cost time), or an empty table.
/// </summary>
internal static class CanonicalTableBuilder
{
    /// <summary>
    /// The canonical view: the rows the source's <c>where</c> keeps, mapped, without the rows that
    /// have no customer id (a row without one is no customer; the loader counts and reports them),
    /// and without the rows listed in <paramref name="duplicates"/> (a table of source_line).
    /// </summary>
    /// <param name="idsOfSpacesOnly">Whether some customer id of the source is made of spaces only (see <see cref="CustomerIdKept"/>).</param>
    public static void Build(
        DuckDBConnection connection, CanonicalSource source, SourceSpec spec, ColumnMapping mapping, string? duplicates = null, bool idsOfSpacesOnly = true)
    {
        var keep = HasCustomerId(source) ? $"\nWHERE {CustomerIdKept(idsOfSpacesOnly)}" : string.Empty;
        var sql = $"CREATE OR REPLACE VIEW {source.Name} AS\n{MappedRows(connection, source, spec, mapping, duplicates: duplicates)}{keep}";
        DuckDbErrors.Translate(
            () => connection.Execute(sql),
            e => $"{spec.Path}: the column mapping of the {source.Name} source does not work: {e.FirstLine()}");
    }

    /// <summary>A row has a customer id when it is neither missing nor blank (empty, or spaces only).</summary>
    public const string CustomerIdPresent = "trim(customer_id) <> ''";

    /// <summary>
    /// The canonical view's test of <see cref="CustomerIdPresent"/>. Every analysis scans the view, and the Unicode-aware
    /// <c>trim</c> costs about a tenth of a second a scan of a million rows; when no id of the source is made of spaces
    /// only (the loader counts them), <c>customer_id &lt;&gt; ''</c> keeps exactly the same rows at a tenth of the cost.
    /// </summary>
    public static string CustomerIdKept(bool idsOfSpacesOnly) => idsOfSpacesOnly ? CustomerIdPresent : "customer_id <> ''";

    public static bool HasCustomerId(CanonicalSource source) =>
        source.Columns.Any(c => c.Name == "customer_id");

    /// <summary>Every raw row the <c>where</c> keeps, mapped onto the canonical columns (a query).</summary>
    /// <param name="fill">False: the columns as mapped, without the fills for missing values (<see cref="CanonicalColumn.Fill"/>).</param>
    /// <param name="duplicates">A table of the source_line of rows to leave out.</param>
    public static string MappedRows(DuckDBConnection connection, CanonicalSource source, SourceSpec spec, ColumnMapping mapping, bool fill = true, string? duplicates = null)
    {
        var mapped = source.Columns.Select(c =>
            mapping.Expressions.TryGetValue(c.Name, out var expression)
                ? $"CAST(({expression}) AS {c.SqlType}) AS {SqlText.Identifier(c.Name)}"
                : $"CAST(NULL AS {c.SqlType}) AS {SqlText.Identifier(c.Name)}");
        var filled = source.Columns.Select(c => c.Fill is null || !fill
            ? SqlText.Identifier(c.Name)
            : $"coalesce({SqlText.Identifier(c.Name)}, {c.Fill}) AS {SqlText.Identifier(c.Name)}");

        var attributes = source.KeepsAttributes ? AttributeColumns(connection, source, mapping) : [];
        var attributeSelects = attributes.Select(a => $"({a.Expression}) AS {SqlText.Identifier(a.Name)}");
        var attributeNames = attributes.Select(a => SqlText.Identifier(a.Name));
        return $"""
            WITH mapped AS (
                SELECT {string.Join(", ", mapped.Concat(attributeSelects))}, {CanonicalSource.LineExpression} AS source_line
                FROM {source.RawTable}
                WHERE {RowFilter(spec)}{(duplicates is null ? string.Empty : $" AND {CanonicalSource.LineExpression} NOT IN (SELECT source_line FROM {duplicates})")}
            )
            SELECT {string.Join(", ", filled.Concat(attributeNames))}, source_line
            FROM mapped
            """;
    }

    /// <summary>The source's <c>where</c> as a condition that is false (not NULL) for the rows it leaves out.</summary>
    public static string RowFilter(SourceSpec spec) =>
        spec.Where is { } where ? $"coalesce(({where}), false)" : "true";

    public static void BuildEmpty(DuckDBConnection connection, CanonicalSource source)
    {
        var columns = source.Columns.Select(c => $"{SqlText.Identifier(c.Name)} {c.SqlType}").Append("source_line BIGINT");
        connection.Execute($"CREATE OR REPLACE TABLE {source.Name} ({string.Join(", ", columns)})");
    }

    /// <summary>File columns that are not canonical names travel along as attributes, plus mapped extras.</summary>
    private static List<(string Expression, string Name)> AttributeColumns(DuckDBConnection connection, CanonicalSource source, ColumnMapping mapping)
    {
        var canonical = source.Columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fileColumns = connection.Query<string>(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $table ORDER BY column_index",
            new { table = source.RawTable });
        return fileColumns
            .Where(c => !canonical.Contains(c) && !mapping.ExtraAttributes.ContainsKey(c))
            .Select(c => (SqlText.Identifier(c), c))
            .Concat(mapping.ExtraAttributes.Select(a => (a.Value, a.Key)))
            .ToList();
    }
}
