using System.Security.Cryptography;
using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Loads a source's CSV (or .csv.gz) file, or its several files (<see cref="SourceFiles"/>), into its
/// raw table with DuckDB's reader, then maps it into the canonical table. Every refused line is
/// collected; any refusal fails the load.
/// </summary>
internal sealed class CsvSourceLoader(DuckDBConnection connection)
{
    private const int RejectSampleSize = 5;

    public LoadedSource Load(CanonicalSource source, SourceSpec spec, ICollection<RejectedRow> rejects)
    {
        var paths = SourceFiles.Resolve(spec.Path);
        var empty = paths.Count > 1 ? paths.Where(p => new FileInfo(p).Length == 0).ToList() : [];
        var files = paths.Except(empty).ToList();
        if (files.Count == 0)
        {
            throw new CrmEtlException($"{spec.Path}: every file is empty ({string.Join(", ", empty.Select(Path.GetFileName))}); expected a header line and data rows.");
        }

        var loaded = files.Count == 1
            ? LoadOne(source, spec with { Path = files[0] }, rejects)
            : LoadSeveral(source, spec, files, rejects);
        return loaded with
        {
            Path = spec.Path,
            EmptyFilesSkipped = empty,
            FirstFileWithoutCustomerId = loaded.FirstLineWithoutCustomerId is null ? null : loaded.FirstFileWithoutCustomerId ?? files[0],
        };
    }

    /// <summary>The fast path: one file, read straight into the raw table.</summary>
    private LoadedSource LoadOne(CanonicalSource source, SourceSpec spec, ICollection<RejectedRow> rejects)
    {
        var layout = CsvFileProbe.ReadLayout(connection, spec);
        var fileColumns = layout.Columns;
        var hashing = Task.Run(() => Sha256Of(spec.Path));

        var mapping = DateFormatMapping.Apply(source, spec, ColumnMapping.Resolve(source, spec, fileColumns));
        mapping.CheckRequired(source, spec, fileColumns);

        ReadRaw(source, spec, layout, mapping, rejects);
        var rows = connection.ExecuteScalar<long>($"SELECT count(*) FROM {source.RawTable}");
        if (rows == 0)
        {
            throw new CrmEtlException($"{spec.Path}: the file has a header but no data rows.");
        }

        var lines = new FileLines(spec.Path);
        var (leftOut, withoutId) = MapAndCheck(source, spec, layout, mapping, rows, lines, rejects);
        CanonicalTableBuilder.Build(connection, source, spec, mapping, idsOfSpacesOnly: withoutId.IdsOfSpacesOnly);
        CheckValues(source, spec, layout, mapping, lines);

        return new LoadedSource(source.Name, spec.Path, rows, hashing.Result, leftOut, withoutId.Rows, withoutId.FirstLine)
        {
            Files = [new LoadedFile(spec.Path, new FileInfo(spec.Path).Length, hashing.Result, rows)],
        };
    }

    /// <summary>
    /// Several files of one source: each must have the first file's header; they are read in
    /// name order into one raw table, and rows whose duplicate key a later file also holds are
    /// left out of the canonical view (<see cref="SourceDuplicates"/>).
    /// </summary>
    private LoadedSource LoadSeveral(CanonicalSource source, SourceSpec spec, List<string> files, ICollection<RejectedRow> rejects)
    {
        var first = spec with { Path = files[0] };
        var layout = CsvFileProbe.ReadLayout(connection, first);
        CsvFileProbe.CheckSameHeader(connection, source.Name, spec, files, layout);
        var hashing = files.Select(f => Task.Run(() => Sha256Of(f))).ToList();

        var mapping = DateFormatMapping.Apply(source, first, ColumnMapping.Resolve(source, first, layout.Columns));
        mapping.CheckRequired(source, first, layout.Columns);

        var lines = FileLines.Empty();
        Dictionary<string, string>? tableTypes = null;
        for (var i = 0; i < files.Count; i++)
        {
            var before = i == 0 ? 0 : connection.ExecuteScalar<long>($"SELECT count(*) FROM {source.RawTable}");
            ReadRaw(source, spec with { Path = files[i] }, layout, mapping, rejects, tableTypes, $"{source.RejectsTable}_{i + 1}");
            tableTypes ??= ColumnTypes(source.RawTable);
            lines.Add(files[i], connection.ExecuteScalar<long>($"SELECT count(*) FROM {source.RawTable}") - before);
        }

        var rows = lines.Files.Sum(f => f.Rows);
        if (rows == 0)
        {
            throw new CrmEtlException($"{spec.Path}: the files have a header but no data rows.");
        }

        var (leftOut, withoutId) = MapAndCheck(source, spec, layout, mapping, rows, lines, rejects);
        var duplicates = new SourceDuplicates(connection).Find(source, spec, mapping, lines);
        CanonicalTableBuilder.Build(connection, source, spec, mapping, duplicates.Table, withoutId.IdsOfSpacesOnly);
        CheckValues(source, spec, layout, mapping, lines);

        var loadedFiles = files.Select((f, i) => new LoadedFile(f, new FileInfo(f).Length, hashing[i].Result, lines.Files[i].Rows)).ToList();
        var firstWithoutId = withoutId.FirstLine is { } line ? lines.Locate(line) : default;
        return new LoadedSource(source.Name, spec.Path, rows, CombinedHash(loadedFiles), leftOut, withoutId.Rows, withoutId.FirstLine is null ? null : firstWithoutId.Line)
        {
            Files = loadedFiles,
            RowsDroppedAsDuplicates = duplicates.Rows,
            FirstFileWithoutCustomerId = withoutId.FirstLine is null ? null : firstWithoutId.Path,
        };
    }

    /// <summary>The checks of the mapped rows: the where, the expressions, the dates, the rows without a customer id.</summary>
    private (long LeftOut, (long Rows, long? FirstLine, bool IdsOfSpacesOnly) WithoutId) MapAndCheck(
        CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping, long rows, FileLines lines, ICollection<RejectedRow> rejects)
    {
        var leftOut = CountLeftOutByWhere(source, spec, mapping, rows);
        CheckExpressions(source, spec, layout, mapping, lines);
        CheckTwoDigitYears(source, spec, mapping, lines);
        var withoutId = new MissingCustomerIds(connection).Collect(source, spec, mapping, rejects, lines);
        return (leftOut, withoutId);
    }

    /// <summary>A source of several files has one hash: that of its files' names and hashes, in the order read.</summary>
    private static string CombinedHash(IEnumerable<LoadedFile> files) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Concat(files.Select(f => $"{Path.GetFileName(f.Path)} {f.Sha256}\n")))));

    private Dictionary<string, string> ColumnTypes(string table) =>
        connection.Query<(string Name, string Type)>(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $table ORDER BY column_index", new { table })
            .ToDictionary(c => c.Name, c => c.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the source's <c>where</c> and counts the rows it leaves out; leaving out every row is a mistake.</summary>
    private long CountLeftOutByWhere(CanonicalSource source, SourceSpec spec, ColumnMapping mapping, long rows)
    {
        if (spec.Where is null)
        {
            return 0;
        }

        var leftOut = DuckDbErrors.Translate(
            () => connection.ExecuteScalar<long>(
                $"SELECT count(*) FILTER (WHERE NOT {CanonicalTableBuilder.RowFilter(spec)}) FROM {source.RawTable}"),
            e => $"{spec.Path}: sources.{source.Name}.where (\"{spec.Where}\") is not a valid SQL condition over the file's columns " +
                 $"({string.Join(", ", mapping.FileColumns)}): {e.FirstLine()}");

        return leftOut == rows
            ? throw new CrmEtlException($"{spec.Path}: sources.{source.Name}.where (\"{spec.Where}\") leaves out all {rows:N0} rows; check the condition.")
            : leftOut;
    }

    /// <summary>
    /// strptime's %Y takes "11" as the year 11, so a format list that tries %Y before %y reads
    /// "2/20/11" wrongly without an error; no export holds dates before the year 1000.
    /// </summary>
    private void CheckTwoDigitYears(CanonicalSource source, SourceSpec spec, ColumnMapping mapping, FileLines lines)
    {
        if (spec.DateFormats is null)
        {
            return;
        }

        foreach (var column in source.Columns.Where(c => c.IsDate && mapping.Expressions.ContainsKey(c.Name) && !mapping.PlainFileColumns.ContainsKey(c.Name)))
        {
            var expression = mapping.Expressions[column.Name];
            var line = connection.ExecuteScalar<long?>(
                $"SELECT min({CanonicalSource.LineExpression}) FROM {source.RawTable} " +
                $"WHERE {CanonicalTableBuilder.RowFilter(spec)} AND year(CAST(({expression}) AS TIMESTAMP)) < 1000");
            if (line is { } bad)
            {
                throw new CrmEtlException(
                    $"{lines.Describe(bad)}, column '{column.Name}': the date reads as a year before 1000, a two-digit year read by a '%Y' format. " +
                    $"In sources.{source.Name}.dateFormat, list the format with '%y' before the one with '%Y'.");
            }
        }
    }

    /// <param name="tableTypes">Null: create the raw table from the file. Else the raw table's column types: append the file to it, read with those types.</param>
    private void ReadRaw(
        CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping, ICollection<RejectedRow> rejects,
        IReadOnlyDictionary<string, string>? tableTypes = null, string? rejectsTable = null)
    {
        rejectsTable ??= source.RejectsTable;
        var declared = CsvColumnTypes.Declared(source, mapping);
        var columnTypes = CsvColumnTypes.ReaderOptions(layout, declared, tableTypes);

        DuckDbErrors.Translate(
            () => connection.Execute($"""
                {(tableTypes is null ? $"CREATE OR REPLACE TABLE {source.RawTable} AS" : $"INSERT INTO {source.RawTable}")}
                SELECT * FROM read_csv({SqlText.Literal(spec.Path)},
                    header = true{columnTypes},
                    store_rejects = true,
                    rejects_table = '{rejectsTable}',
                    rejects_scan = '{rejectsTable}_scan'{MissingValuesOption(spec)}{layout.ReaderOptions})
                """),
            e => $"{spec.Path}: DuckDB's CSV reader cannot read the file: {e.Message.Trim()}");

        var refused = connection.Query<(long Line, string? Column, string ErrorType, string? CsvLine, string Message)>(
            $"SELECT line, column_name, CAST(error_type AS VARCHAR), csv_line, error_message FROM {rejectsTable} ORDER BY line")
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
        var isDate = first.ErrorType == "CAST" && first.Column is not null && declared.TryGetValue(first.Column, out var type) && type == "TIMESTAMP";
        var hint = isDate ? DateFormatHint.For(connection, spec.Path, MissingValuesOption(spec) + layout.ReaderOptions, first.Column!, source.Name) : string.Empty;
        throw new CrmEtlException(
            $"{spec.Path}, line {first.Line}{(first.Column is null ? string.Empty : $", column '{first.Column}'{mappedNote}")}: " +
            $"{Describe(first.ErrorType, first.Message)}.{others} Nothing was loaded; the refused lines are in table load_rejects.{hint}");
    }

    /// <summary>The reader's nullstr: the source's missing-value markers (an empty field is always missing).</summary>
    internal static string MissingValuesOption(SourceSpec spec) =>
        spec.MissingMarkers.Count == 0
            ? string.Empty
            : $", nullstr = [{string.Join(", ", spec.MissingMarkers.Select(SqlText.Literal))}]";


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
    private void CheckExpressions(CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping, FileLines lines)
    {
        foreach (var column in source.Columns.Where(c => mapping.Expressions.ContainsKey(c.Name) && !mapping.PlainFileColumns.ContainsKey(c.Name)))
        {
            var expression = mapping.Expressions[column.Name];
            var converted = $"CAST(({expression}) AS {column.ReadType})";
            var badLine = DuckDbErrors.Translate(
                () => connection.ExecuteScalar<long?>(
                    $"SELECT min({CanonicalSource.LineExpression}) FROM {source.RawTable} " +
                    $"WHERE {CanonicalTableBuilder.RowFilter(spec)} AND try({converted} IS NULL) IS NULL"),
                e => $"{spec.Path}: the mapping of '{column.Name}' (\"{expression}\") is not valid SQL over the file's columns " +
                     $"({string.Join(", ", mapping.FileColumns)}): {e.FirstLine()}");

            if (badLine is { } line)
            {
                var textColumn = column.IsDate ? (mapping.TextFileColumns ?? []).FirstOrDefault(t => expression.Contains(SqlText.Identifier(t), StringComparison.Ordinal)) : null;
                var hint = textColumn is null ? string.Empty : DateFormatHint.For(connection, lines.Locate(line).Path, MissingValuesOption(spec) + layout.ReaderOptions, textColumn, source.Name);
                throw new CrmEtlException(
                    $"{lines.Describe(line)}, column '{column.Name}' (\"{expression}\"): {WhyItFails(source, converted, line)}{hint}");
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

    /// <summary>
    /// One scan of the mapped rows finds, per required column, the first line where it is empty, and per date column
    /// the first date before the year 1000. DuckDB reads a date without a format as year, month, day, and also takes
    /// '/' between them: "01/12/10 08:26" (1 December 2010, day first) would load as 10 December of the year 1,
    /// without an error, and every analysis would be wrong. No export holds such dates.
    /// </summary>
    private void CheckValues(CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping, FileLines lines)
    {
        var required = source.Columns.Where(c => c.Required).ToList();
        var dates = source.Columns.Where(c => c.IsDate && mapping.Expressions.ContainsKey(c.Name)).ToList();
        var firstFound = required.Select(c => $"min(source_line) FILTER (WHERE {SqlText.Identifier(c.Name)} IS NULL)")
            .Concat(dates.Select(c => $"min(source_line) FILTER (WHERE year({SqlText.Identifier(c.Name)}) < 1000)")).ToList();
        if (firstFound.Count == 0)
        {
            return;
        }

        using var reader = connection.ExecuteReader($"SELECT {string.Join(", ", firstFound)} FROM {source.Name}");
        reader.Read();
        long LineAt(int i) => reader.IsDBNull(i) ? long.MaxValue : reader.GetInt64(i);
        var empty = required.Select((column, i) => (column.Name, Line: LineAt(i))).DefaultIfEmpty((Name: string.Empty, Line: long.MaxValue)).MinBy(e => e.Line);
        if (empty.Line != long.MaxValue)
        {
            throw new CrmEtlException(
                $"{lines.Describe(empty.Line)}, column '{empty.Name}': the value is empty; every {source.Name} row needs one.");
        }

        var early = dates.Select((column, i) => (column.Name, Line: LineAt(required.Count + i))).DefaultIfEmpty((Name: string.Empty, Line: long.MaxValue)).MinBy(e => e.Line);
        if (early.Line != long.MaxValue)
        {
            throw new CrmEtlException(YearBeforeOneThousand(source, spec, layout, mapping, lines, early.Name, early.Line));
        }
    }

    private string YearBeforeOneThousand(
        CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping, FileLines lines, string column, long line)
    {
        var date = connection.ExecuteScalar<DateTime>(
            $"SELECT CAST({SqlText.Identifier(column)} AS TIMESTAMP) FROM {source.Name} WHERE source_line = {line}");
        var expression = mapping.Expressions[column];
        var fileColumn = mapping.PlainFileColumns.TryGetValue(column, out var plain)
            ? plain
            : (mapping.TextFileColumns ?? mapping.FileColumns).FirstOrDefault(f => expression.Contains(SqlText.Identifier(f), StringComparison.Ordinal));
        var from = fileColumn is null || string.Equals(fileColumn, column, StringComparison.OrdinalIgnoreCase) ? string.Empty : $" (mapped from '{fileColumn}')";
        var hint = fileColumn is null || spec.DateFormats is not null
            ? string.Empty
            : DateFormatHint.For(connection, lines.Locate(line).Path, MissingValuesOption(spec) + layout.ReaderOptions, fileColumn, source.Name);
        var why = spec.DateFormats is null
            ? "without a \"dateFormat\" dates are read year first (YYYY-MM-DD), so this export writes them in another order"
            : $"sources.{source.Name}.dateFormat reads this value wrongly";
        return $"{lines.Describe(line)}, column '{column}'{from}: the date reads as {date:yyyy-MM-dd}, a year before 1000: {why}. " +
               $"Nothing was loaded.{hint}";
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
