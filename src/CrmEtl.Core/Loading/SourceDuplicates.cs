using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Daily exports overlap: a source read from several files finds here the rows whose duplicate
/// key (<see cref="CanonicalSource.DuplicateKeyColumns"/>) a later file also holds, and lists
/// their source_line in a table the canonical view leaves out. The raw table keeps every row,
/// so each row's line in its file stays as read.
/// </summary>
internal sealed class SourceDuplicates(DuckDBConnection connection)
{
    public (string Table, long Rows) Find(CanonicalSource source, SourceSpec spec, ColumnMapping mapping, FileLines lines)
    {
        var files = source.RawTable + "_files";
        var duplicates = source.RawTable + "_duplicates";
        connection.Execute($"CREATE OR REPLACE TABLE {files} (file_index INTEGER, path VARCHAR, first_line BIGINT, rows BIGINT)");
        using (var appender = connection.CreateAppender(files))
        {
            foreach (var (file, index) in lines.Files.Select((f, i) => (f, i)))
            {
                appender.CreateRow().AppendValue(index).AppendValue(file.Path).AppendValue(file.FirstLine).AppendValue(file.Rows).EndRow();
            }
        }

        var key = string.Join(", ", source.DuplicateKeyColumns.Select(SqlText.Identifier));
        var kept = CanonicalTableBuilder.HasCustomerId(source) ? $"WHERE {CanonicalTableBuilder.CustomerIdPresent}" : string.Empty;
        DuckDbErrors.Translate(
            () => connection.Execute($"""
                CREATE OR REPLACE TABLE {duplicates} AS
                SELECT source_line
                FROM (
                    SELECT m.source_line, f.file_index, max(f.file_index) OVER (PARTITION BY {key}) AS latest_file
                    FROM ({CanonicalTableBuilder.MappedRows(connection, source, spec, mapping, fill: false)} {kept}) AS m
                    ASOF JOIN {files} AS f ON m.source_line >= f.first_line)
                WHERE file_index < latest_file
                """),
            e => $"{spec.Path}: finding the rows repeated across its files failed: {e.FirstLine()}");
        return (duplicates, connection.ExecuteScalar<long>($"SELECT count(*) FROM {duplicates}"));
    }
}
