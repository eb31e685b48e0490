using DuckDB.NET.Data;

namespace CrmEtl.Core.Export;

/// <summary>One table written out: its name, the file and the rows.</summary>
public sealed record ExportedTable(string Table, string Path, long Rows);

/// <summary>
/// Copies tables and views of the output database to csv, parquet or newline-delimited json files
/// with DuckDB's COPY, so the mart feeds a warehouse or BI tool. Each file is written to a .tmp
/// file and renamed, so a loader never reads half a file.
/// </summary>
public static class TableExporter
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "parquet", "json"];

    /// <summary>Every table and view of the database, by name.</summary>
    public static IReadOnlyList<string> Tables(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The table as the database spells it; an unknown name is a user error listing the known ones.</summary>
    public static string Resolve(IReadOnlyList<string> tables, string name, string databasePath) =>
        tables.FirstOrDefault(t => string.Equals(t, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new CrmEtlException(
                $"{databasePath}: no table or view '{name}'. Known: {string.Join(", ", tables)}. (`crmetl export --all` writes every one.)");

    public static ExportedTable Export(DuckDBConnection connection, string table, string format, string path)
    {
        var options = format switch
        {
            "csv" => "FORMAT csv, HEADER true",
            "parquet" => "FORMAT parquet",
            "json" => "FORMAT json",
            _ => throw new CrmEtlException($"--format {format}: use one of {string.Join(", ", Formats)}."),
        };
        var staging = path + ".tmp";
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY {SqlText.Identifier(table)} TO {SqlText.Literal(staging)} ({options})";
        DuckDbErrors.Translate(() => command.ExecuteNonQuery(), e => $"{path}: cannot write table {table}: {e.FirstLine()}");
        File.Move(staging, path, overwrite: true);
        command.CommandText = $"SELECT count(*) FROM {SqlText.Identifier(table)}";
        var rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return new ExportedTable(table, path, rows);
    }
}
