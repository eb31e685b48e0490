using CrmEtl.Core.Configuration;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// The columns of a CSV file and how to read it: <see cref="Sniffed"/> when DuckDB's sniffer
/// understood the file (types auto-detected), else read plainly with the header's delimiter.
/// </summary>
/// <param name="Lenient">Read with DuckDB's strict_mode off: the file mixes line endings (e.g. an LF header over CRLF rows).</param>
/// <param name="Dialect">The sniffer's delimiter, quote, escape and line ending as reader options, so that the read
/// sniffs only the column types, not the dialect again (empty when the sniff was not trusted).</param>
internal sealed record CsvLayout(IReadOnlyList<string> Columns, string? Delimiter, string? Encoding, bool Sniffed, bool Lenient = false, string Dialect = "")
{
    public string ReaderOptions =>
        CsvFileProbe.DelimiterOption(Delimiter) + CsvFileProbe.EncodingOption(Encoding) + (Lenient ? ", strict_mode = false" : string.Empty) + Dialect;
}

/// <summary>Looks at a CSV file before loading it: does it exist, hold data, and which columns has it.</summary>
internal static class CsvFileProbe
{
    private static readonly char[] OtherDelimiters = [';', '\t', '|', ','];

    /// <summary>
    /// DuckDB's sniffer gives up on mixed line endings and on ragged lines. The first read fine
    /// without strict mode; for the second, the header line tells the columns and the delimiter,
    /// so that the reader can name the bad line. A ragged line can also lead the sniffer to skip
    /// every line above it and take it for the header; the header is line 1, so such a sniff is
    /// not trusted either.
    /// </summary>
    public static CsvLayout ReadLayout(DuckDBConnection connection, SourceSpec spec)
    {
        var (path, delimiter, encoding) = (spec.Path, spec.Delimiter, spec.Encoding);
        var sniffed = new CsvLayout([], delimiter, encoding, Sniffed: true);
        SniffedHeader header;
        try
        {
            header = Sniff(connection, path, sniffed.ReaderOptions);
        }
        catch (CrmEtlException) when (HeaderLine(path, encoding) is { Length: > 0 })
        {
            var lenient = sniffed with { Lenient = true };
            return TrySniff(connection, path, lenient.ReaderOptions) is { Columns.Count: > 1, SkippedLines: 0 } lenientHeader
                ? lenient with { Columns = lenientHeader.Columns }
                : FromHeader(path, delimiter, encoding);
        }

        var looksUnsplit = delimiter is null && header.Columns is [var only] && OtherDelimiters.Any(d => only.Contains(d, StringComparison.Ordinal));
        var skippedLineOne = header.SkippedLines > 0 && HeaderLine(path, encoding) is { Length: > 0 };
        return looksUnsplit || skippedLineOne
            ? FromHeader(path, delimiter, encoding)
            : sniffed with { Columns = header.Columns, Dialect = DialectOptions(header.Dialect, delimiter) };
    }

    private static CsvLayout FromHeader(string path, string? delimiter, string? encoding)
    {
        var header = HeaderLine(path, encoding)!;
        var separator = delimiter ?? OtherDelimiters.Where(d => header.Contains(d, StringComparison.Ordinal)).Select(d => d.ToString()).FirstOrDefault() ?? ",";
        var columns = header.Split(separator).Select(c => c.Trim().Trim('"')).ToList();
        return new CsvLayout(columns, separator, encoding, Sniffed: false);
    }

    /// <summary>
    /// Every file of a source of several must have the first file's columns: the same header
    /// line, or one the sniffer reads as the same columns (other quoting, say).
    /// </summary>
    public static void CheckSameHeader(DuckDBConnection connection, string sourceName, SourceSpec spec, IReadOnlyList<string> files, CsvLayout layout)
    {
        var firstHeader = HeaderLine(files[0], spec.Encoding);
        foreach (var file in files.Skip(1))
        {
            if (HeaderLine(file, spec.Encoding) == firstHeader)
            {
                continue;
            }

            var columns = ReadLayout(connection, spec with { Path = file }).Columns;
            if (columns.SequenceEqual(layout.Columns, StringComparer.Ordinal))
            {
                continue;
            }

            var missing = layout.Columns.Except(columns, StringComparer.Ordinal).Select(c => $"'{c}'").ToList();
            var extra = columns.Except(layout.Columns, StringComparer.Ordinal).Select(c => $"'{c}'").ToList();
            var difference = missing.Count == 0 && extra.Count == 0
                ? "the same columns in another order"
                : string.Join("; ", new[]
                {
                    missing.Count == 0 ? null : $"it lacks {string.Join(", ", missing)}",
                    extra.Count == 0 ? null : $"it has {string.Join(", ", extra)}, which {Path.GetFileName(files[0])} has not",
                }.OfType<string>());
            throw new CrmEtlException(
                $"{file}, line 1 (header): the columns differ from those of {Path.GetFileName(files[0])}, the first file of the {sourceName} source " +
                $"({spec.Path}): {difference}. Every file of a source is read with one mapping, so all must have the same header; " +
                "fix the file's header, or move the file out of the source's folder or pattern.");
        }
    }

    private static string? HeaderLine(string path, string? encoding)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress)
            : (Stream)file;
        using var reader = new StreamReader(stream, TextEncodings.Decoder(encoding));
        return reader.ReadLine()?.TrimStart('\uFEFF');
    }

    private static SniffedHeader? TrySniff(DuckDBConnection connection, string path, string options)
    {
        try
        {
            return Sniff(connection, path, options);
        }
        catch (CrmEtlException)
        {
            return null;
        }
    }

    /// <summary>The columns DuckDB's sniffer finds, how many lines it skipped above the line it took for the header, and its dialect.</summary>
    private sealed record SniffedHeader(List<string> Columns, long SkippedLines, SniffedDialect? Dialect);

    private sealed record SniffedDialect(string Delimiter, string Quote, string Escape, string NewLine);

    /// <summary>
    /// The delimiter and line ending always; the quote and escape only when the sniffer saw quoted fields (it reports
    /// "(empty)" when its sample had none, and a file may still quote a field further down).
    /// </summary>
    private static string DialectOptions(SniffedDialect? dialect, string? delimiter)
    {
        if (dialect is null)
        {
            return string.Empty;
        }

        var options = (delimiter is null ? $", delim = {SqlText.Literal(dialect.Delimiter)}" : string.Empty) + (dialect.NewLine is "" or "(empty)" ? string.Empty : $", new_line = {SqlText.Literal(dialect.NewLine)}");
        return dialect.Quote is "" or "(empty)" ? options : options + $", quote = {SqlText.Literal(dialect.Quote)}, escape = {SqlText.Literal(dialect.Escape is "(empty)" ? "" : dialect.Escape)}";
    }

    private static SniffedHeader Sniff(DuckDBConnection connection, string path, string options)
    {
        if (!File.Exists(path))
        {
            throw new CrmEtlException($"{path}: file not found.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new CrmEtlException($"{path}: the file is empty; expected a header line and data rows.");
        }

        var columns = new List<string>();
        var skippedLines = 0L;
        SniffedDialect? dialect = null;
        DuckDbErrors.Translate(
            () =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT SkipRows, unnest(Columns).name, Delimiter, Quote, Escape, NewLineDelimiter " +
                                      $"FROM sniff_csv({SqlText.Literal(path)}, header = true{options})";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    skippedLines = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                    columns.Add(reader.GetString(1));
                    dialect = new SniffedDialect(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
                }
            },
            e => $"{path}: cannot be read as CSV: {e.FirstLine()}");

        if (columns is ["column0"])
        {
            throw new CrmEtlException($"{path}: the file is empty; expected a header line and data rows.");
        }

        return new SniffedHeader(columns, skippedLines, dialect);
    }

    public static string DelimiterOption(string? delimiter) =>
        delimiter is null ? string.Empty : $", delim = {SqlText.Literal(delimiter)}";

    public static string EncodingOption(string? encoding) =>
        encoding is null or "utf-8" ? string.Empty : $", encoding = {SqlText.Literal(encoding)}";

    /// <summary>A hint for a file that came out as fewer columns than expected.</summary>
    public static string DelimiterHint(IReadOnlyList<string> columns, string? delimiter)
    {
        if (columns.Count > 2)
        {
            return string.Empty;
        }

        var header = string.Join(delimiter ?? ",", columns);
        var likely = OtherDelimiters.FirstOrDefault(d => d.ToString() != delimiter && header.Contains(d, StringComparison.Ordinal));
        return likely == default
            ? string.Empty
            : $" The header \"{Shorten(header)}\" looks delimited by '{(likely == '\t' ? "\\t" : likely.ToString())}': " +
              "check the file, or set \"delimiter\" for this source in crmetl.json.";
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
