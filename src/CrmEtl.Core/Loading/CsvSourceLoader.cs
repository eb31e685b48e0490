using System.Security.Cryptography;
using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Loads one CSV (or .csv.gz) into its raw table with DuckDB's reader, then maps it into the
/// canonical table. Every refused line is collected; any refusal fails the load.
/// </summary>
internal sealed class CsvSourceLoader(DuckDBConnection connection)
{
    private const int RejectSampleSize = 5;

    public LoadedSource Load(CanonicalSource source, SourceSpec spec, ICollection<RejectedRow> rejects)
    {
        var layout = CsvFileProbe.ReadLayout(connection, spec);
        var fileColumns = layout.Columns;
        var hashing = Task.Run(() => Sha256Of(spec.Path));

        var mapping = ColumnMapping.Resolve(source, spec, fileColumns);
        mapping.CheckRequired(source, spec, fileColumns);

        ReadRaw(source, spec, layout, mapping, rejects);
        var rows = connection.ExecuteScalar<long>($"SELECT count(*) FROM {source.RawTable}");
        if (rows == 0)
        {
            throw new CrmEtlException($"{spec.Path}: the file has a header but no data rows.");
        }

        CheckExpressions(source, spec, mapping);
        CanonicalTableBuilder.Build(connection, source, spec, mapping);
        CheckRequiredValues(source, spec);

        return new LoadedSource(source.Name, spec.Path, rows, hashing.Result);
    }

    private void ReadRaw(CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping, ICollection<RejectedRow> rejects)
    {
        var declared = source.Columns
            .Where(c => mapping.PlainFileColumns.ContainsKey(c.Name))
            .ToDictionary(c => mapping.PlainFileColumns[c.Name], c => c.ReadType, StringComparer.OrdinalIgnoreCase);
        var columnTypes = layout.Sniffed
            ? $"types = {TypeStruct(declared.Keys, declared)}"
            : $"auto_detect = false, quote = '\"', escape = '\"', columns = {TypeStruct(layout.Columns, declared)}";

        DuckDbErrors.Translate(
            () => connection.Execute($"""
                CREATE OR REPLACE TABLE {source.RawTable} AS
                SELECT * FROM read_csv({SqlText.Literal(spec.Path)},
                    header = true,
                    {columnTypes},
                    store_rejects = true,
                    rejects_table = '{source.RejectsTable}',
                    rejects_scan = '{source.RejectsTable}_scan'{layout.ReaderOptions})
                """),
            e => $"{spec.Path}: DuckDB's CSV reader cannot read the file: {e.Message.Trim()}");

        var refused = connection.Query<(long Line, string? Column, string ErrorType, string? CsvLine, string Message)>(
            $"SELECT line, column_name, CAST(error_type AS VARCHAR), csv_line, error_message FROM {source.RejectsTable} ORDER BY line")
            .ToList();
        if (refused.Count == 0)
        {
            return;
        }

        foreach (var row in refused)
        {
            rejects.Add(new RejectedRow(source.Name, spec.Path, row.Line, row.Column, row.ErrorType, row.CsvLine, row.Message));
        }

        var first = refused[0];
        var mappedTo = mapping.PlainFileColumns.FirstOrDefault(p => string.Equals(p.Value, first.Column, StringComparison.OrdinalIgnoreCase)).Key;
        var mappedNote = mappedTo is null || string.Equals(mappedTo, first.Column, StringComparison.OrdinalIgnoreCase) ? string.Empty : $" (mapped to {mappedTo})";
        var others = refused.Count > 1 ? $" {refused.Count - 1} more line(s) were refused too." : string.Empty;
        throw new CrmEtlException(
            $"{spec.Path}, line {first.Line}{(first.Column is null ? string.Empty : $", column '{first.Column}'{mappedNote}")}: " +
            $"{Describe(first.ErrorType, first.Message)}.{others} Nothing was loaded; the refused lines are in table load_rejects.");
    }

    /// <summary>A DuckDB struct literal of column types; undeclared columns are read as text.</summary>
    private static string TypeStruct(IEnumerable<string> columns, Dictionary<string, string> declared) =>
        "{" + string.Join(", ", columns.Select(c => $"{SqlText.Literal(c)}: {SqlText.Literal(declared.GetValueOrDefault(c, "VARCHAR"))}")) + "}";

    private static string Describe(string errorType, string message) => errorType switch
    {
        "CAST" => DuckDbErrors.FirstLine(message).TrimEnd('.') + " (dates are read as YYYY-MM-DD, numbers with a '.' decimal point)",
        _ when errorType.Contains("UNICODE", StringComparison.Ordinal) || errorType.Contains("ENCODING", StringComparison.Ordinal) =>
            DuckDbErrors.FirstLine(message).TrimEnd('.') +
            $". If the file is Latin-1 (Excel's \"ANSI\") or UTF-16, set \"encoding\": \"latin-1\" or \"utf-16\" for this source in crmetl.json",
        "MISSING COLUMNS" or "TOO MANY COLUMNS" => $"{errorType.ToLowerInvariant()} ({DuckDbErrors.FirstLine(message).TrimEnd('.')})",
        _ => DuckDbErrors.FirstLine(message).TrimEnd('.'),
    };

    /// <summary>
    /// Mapped expressions are not typed by the reader: find the first row whose expression fails
    /// or does not convert. <c>try(x IS NULL)</c> is NULL only when evaluating x raised an error.
    /// </summary>
    private void CheckExpressions(CanonicalSource source, SourceSpec spec, ColumnMapping mapping)
    {
        foreach (var column in source.Columns.Where(c => mapping.Expressions.ContainsKey(c.Name) && !mapping.PlainFileColumns.ContainsKey(c.Name)))
        {
            var expression = mapping.Expressions[column.Name];
            var converted = $"CAST(({expression}) AS {column.ReadType})";
            var badLine = DuckDbErrors.Translate(
                () => connection.ExecuteScalar<long?>(
                    $"SELECT min({CanonicalSource.LineExpression}) FROM {source.RawTable} WHERE try({converted} IS NULL) IS NULL"),
                e => $"{spec.Path}: the mapping of '{column.Name}' (\"{expression}\") is not valid SQL over the file's columns " +
                     $"({string.Join(", ", mapping.FileColumns)}): {e.FirstLine()}");

            if (badLine is { } line)
            {
                throw new CrmEtlException(
                    $"{spec.Path}, line {line}, column '{column.Name}' (\"{expression}\"): {WhyItFails(source, converted, line)}");
            }
        }
    }

    private string WhyItFails(CanonicalSource source, string converted, long line)
    {
        try
        {
            connection.ExecuteScalar($"SELECT {converted} FROM {source.RawTable} WHERE {CanonicalSource.LineExpression} = {line}");
            return $"the value does not convert to the column's type";
        }
        catch (DuckDBException e)
        {
            return e.FirstLine();
        }
    }

    /// <summary>One scan finds, per required column, the first line where it is empty.</summary>
    private void CheckRequiredValues(CanonicalSource source, SourceSpec spec)
    {
        var required = source.Columns.Where(c => c.Required).ToList();
        var firstEmpty = required.Select(c => $"min(source_line) FILTER (WHERE {SqlText.Identifier(c.Name)} IS NULL)");
        using var reader = connection.ExecuteReader($"SELECT {string.Join(", ", firstEmpty)} FROM {source.Name}");
        reader.Read();
        var empty = required.Select((column, i) => (column.Name, Line: reader.IsDBNull(i) ? long.MaxValue : reader.GetInt64(i)))
            .MinBy(e => e.Line);
        if (empty.Line != long.MaxValue)
        {
            throw new CrmEtlException(
                $"{spec.Path}, line {empty.Line}, column '{empty.Name}': the value is empty; every {source.Name} row needs one.");
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
