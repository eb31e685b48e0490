using System.Diagnostics;
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
        var stopwatch = Stopwatch.StartNew();
        var fileColumns = CsvFileProbe.ReadColumns(connection, spec.Path, spec.Delimiter);
        var hashing = Task.Run(() => Sha256Of(spec.Path));

        var mapping = ColumnMapping.Resolve(source, spec, fileColumns);
        mapping.CheckRequired(source, spec, fileColumns);

        ReadRaw(source, spec, mapping, rejects);
        var rows = connection.ExecuteScalar<long>($"SELECT count(*) FROM {source.RawTable}");
        if (rows == 0)
        {
            throw new CrmEtlException($"{spec.Path}: the file has a header but no data rows.");
        }

        CheckExpressions(source, spec, mapping);
        CanonicalTableBuilder.Build(connection, source, spec, mapping);
        CheckRequiredValues(source, spec);

        return new LoadedSource(source.Name, spec.Path, rows, hashing.Result, stopwatch.Elapsed);
    }

    private void ReadRaw(CanonicalSource source, SourceSpec spec, ColumnMapping mapping, ICollection<RejectedRow> rejects)
    {
        var types = string.Join(", ", source.Columns
            .Where(c => mapping.PlainFileColumns.ContainsKey(c.Name))
            .Select(c => $"{SqlText.Literal(mapping.PlainFileColumns[c.Name])}: {SqlText.Literal(c.ReadType)}"));

        connection.Execute($"""
            CREATE OR REPLACE TABLE {source.RawTable} AS
            SELECT * FROM read_csv({SqlText.Literal(spec.Path)},
                header = true,
                types = {"{" + types + "}"},
                store_rejects = true,
                rejects_table = '{source.RejectsTable}',
                rejects_scan = '{source.RejectsTable}_scan'{CsvFileProbe.DelimiterOption(spec.Delimiter)})
            """);

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
        var others = refused.Count > 1 ? $" {refused.Count - 1} more line(s) were refused too;" : string.Empty;
        throw new CrmEtlException(
            $"{spec.Path}, line {first.Line}{(first.Column is null ? string.Empty : $", column '{first.Column}'")}: " +
            $"{Describe(first.ErrorType, first.Message)}.{others} nothing was loaded. The refused lines are in table load_rejects.");
    }

    private static string Describe(string errorType, string message) => errorType switch
    {
        "CAST" => CsvFileProbe.FirstLine(message).TrimEnd('.') + " (dates are read as YYYY-MM-DD, numbers with a '.' decimal point)",
        "MISSING COLUMNS" or "TOO MANY COLUMNS" => $"{errorType.ToLowerInvariant()} ({CsvFileProbe.FirstLine(message).TrimEnd('.')}); is the delimiter right?",
        _ => CsvFileProbe.FirstLine(message).TrimEnd('.'),
    };

    /// <summary>Mapped expressions are not typed by the reader: find the first value that does not convert.</summary>
    private void CheckExpressions(CanonicalSource source, SourceSpec spec, ColumnMapping mapping)
    {
        foreach (var column in source.Columns.Where(c => mapping.Expressions.ContainsKey(c.Name) && !mapping.PlainFileColumns.ContainsKey(c.Name)))
        {
            var expression = mapping.Expressions[column.Name];
            (long Line, string Value)? bad;
            try
            {
                bad = connection.QueryFirstOrDefault<(long, string)?>($"""
                    SELECT rowid + 2, CAST(({expression}) AS VARCHAR)
                    FROM {source.RawTable}
                    WHERE ({expression}) IS NOT NULL AND TRY_CAST(({expression}) AS {column.ReadType}) IS NULL
                    ORDER BY rowid LIMIT 1
                    """);
            }
            catch (DuckDBException e)
            {
                throw new CrmEtlException(
                    $"{spec.Path}: the mapping of '{column.Name}' (\"{expression}\") is not valid SQL over the file's columns: " +
                    CsvFileProbe.FirstLine(e.Message), e);
            }

            if (bad is { } found)
            {
                throw new CrmEtlException(
                    $"{spec.Path}, line {found.Line}, column '{column.Name}' (\"{expression}\"): cannot read '{found.Value}' as {column.SqlType}.");
            }
        }
    }

    private void CheckRequiredValues(CanonicalSource source, SourceSpec spec)
    {
        foreach (var column in source.Columns.Where(c => c.Required))
        {
            var line = connection.QueryFirstOrDefault<long?>(
                $"SELECT min(source_line) FROM {source.Name} WHERE {SqlText.Identifier(column.Name)} IS NULL");
            if (line is { } found)
            {
                throw new CrmEtlException(
                    $"{spec.Path}, line {found}, column '{column.Name}': the value is empty; every {source.Name} row needs one.");
            }
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
