namespace CrmEtl.Core.Loading;

/// <summary>
/// How the loader tells DuckDB's CSV reader the type of each column: the canonical type of each
/// mapped column, text for the columns a mapping reads as text, text for every other column.
/// The loader reads with these options and <c>crmetl validate</c> types its empty tables with them,
/// so both see the same columns.
/// </summary>
internal static class CsvColumnTypes
{
    /// <summary>The declared type of each file column a source maps onto a canonical column (or reads as text).</summary>
    public static Dictionary<string, string> Declared(CanonicalSource source, ColumnMapping mapping)
    {
        var declared = source.Columns
            .Where(c => mapping.PlainFileColumns.ContainsKey(c.Name))
            .ToDictionary(c => mapping.PlainFileColumns[c.Name], c => c.ReadType, StringComparer.OrdinalIgnoreCase);
        foreach (var text in mapping.TextFileColumns ?? [])
        {
            declared[text] = "VARCHAR";
        }

        return declared;
    }

    /// <summary>
    /// The read_csv options (with a leading comma) that type the columns: <c>types</c> over the
    /// sniffed dialect, or, for a file the sniffer could not read, every column named with
    /// <c>auto_detect = false</c>. <paramref name="tableTypes"/>: the types of a table the file is
    /// appended to, which win over the declared ones.
    /// </summary>
    public static string ReaderOptions(CsvLayout layout, Dictionary<string, string> declared, IReadOnlyDictionary<string, string>? tableTypes = null)
    {
        if (!layout.Sniffed)
        {
            return $", auto_detect = false, quote = '\"', escape = '\"', columns = {TypeStruct(layout.Columns, declared)}";
        }

        var types = tableTypes?.ToDictionary(StringComparer.OrdinalIgnoreCase) ?? declared;
        return types.Count == 0 ? string.Empty : $", types = {TypeStruct(types.Keys, types)}";
    }

    /// <summary>A DuckDB struct literal of column types; undeclared columns are read as text.</summary>
    private static string TypeStruct(IEnumerable<string> columns, Dictionary<string, string> declared) =>
        "{" + string.Join(", ", columns.Select(c => $"{SqlText.Literal(c)}: {SqlText.Literal(declared.GetValueOrDefault(c, "VARCHAR"))}")) + "}";
}
