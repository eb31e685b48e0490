using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Finds the strptime formats that read every value of a date column, for an error message to
/// hand the user a <c>"dateFormat"</c> line. DuckDB's sniffer is asked first; it recognises day
/// and month orders but no time of day without seconds ("12/1/2010 8:26", as retail exports write
/// it) and no column mixing two formats, so common formats are then tried on the values
/// themselves, the one reading most values first, until every value reads.
/// </summary>
internal static class DateFormatHint
{
    private const int SampleValues = 20_000;
    private const int MostFormats = 4;

    private static readonly string[] DateParts =
        ["%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y", "%d/%m/%y", "%d/%m/%Y", "%d.%m.%Y", "%d.%m.%y", "%d-%m-%Y", "%Y/%m/%d", "%Y%m%d"];

    private static readonly string[] TimeParts = ["", " %H:%M", " %H:%M:%S", "T%H:%M:%S"];

    /// <summary>The sentence to append to a date error, or empty when no format reads the values.</summary>
    public static string For(DuckDBConnection connection, string path, string readerOptions, string fileColumn, string sourceName)
    {
        try
        {
            var formats = Detect(connection, path, readerOptions, fileColumn, out var ambiguousWith);
            if (formats.Count == 0)
            {
                return string.Empty;
            }

            var value = formats.Count == 1 ? SqlJson(formats[0]) : "[" + string.Join(", ", formats.Select(SqlJson)) + "]";
            var ambiguity = ambiguousWith is null
                ? string.Empty
                : $" (every value also reads as {ambiguousWith}: check which order the export means)";
            return $" The column's values read with {(formats.Count == 1 ? "this format" : "these formats, tried in order")}{ambiguity}; " +
                   $"add this line to sources.{sourceName} in crmetl.json:  \"dateFormat\": {value},";
        }
        catch (DuckDBException)
        {
            // A hint is a courtesy: a file the sniffer cannot take must not hide the real error.
            return string.Empty;
        }
    }

    /// <summary>Formats that together read every value, %y before %Y so that "2/20/11" is not the year 11.</summary>
    public static List<string> Detect(DuckDBConnection connection, string path, string readerOptions, string fileColumn, out string? ambiguousWith)
    {
        var candidates = SniffedFormat(connection, path, readerOptions, fileColumn) is { } sniffed
            ? [sniffed, .. Candidates().Where(c => c != sniffed)]
            : Candidates().ToList();
        var column = SqlText.Identifier(fileColumn);
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE date_hint_values AS
            SELECT DISTINCT trim(CAST({column} AS VARCHAR)) AS v
            FROM read_csv({SqlText.Literal(path)}, header = true, all_varchar = true{readerOptions})
            WHERE {column} IS NOT NULL AND trim({column}) <> ''
            LIMIT {SampleValues}
            """);
        // strptime wants a constant format: one count per candidate, all in one scan per round.
        var counts = string.Join(", ", candidates.Select(f => $"count(*) FILTER (WHERE year(try_strptime(v, {SqlText.Literal(f)})) >= 1000)"));
        var chosen = new List<string>();
        ambiguousWith = null;
        while (chosen.Count < MostFormats)
        {
            var unread = chosen.Count == 0 ? "true" : Unread(chosen);
            using var reader = connection.ExecuteReader($"SELECT {counts} FROM date_hint_values WHERE {unread}");
            reader.Read();
            var read = candidates.Select((format, i) => (Format: format, Values: reader.GetInt64(i), Order: i))
                .Where(c => c.Values > 0)
                .OrderByDescending(c => c.Values).ThenBy(c => c.Order)
                .ToList();
            if (read.Count == 0)
            {
                break;
            }

            if (chosen.Count == 0 && read.Count > 1 && read[1].Values == read[0].Values)
            {
                ambiguousWith = read[1].Format;
            }

            chosen.Add(read[0].Format);
        }

        var remaining = connection.ExecuteScalar<long>(chosen.Count == 0
            ? "SELECT count(*) FROM date_hint_values"
            : $"SELECT count(*) FROM date_hint_values WHERE {Unread(chosen)}");
        connection.Execute("DROP TABLE date_hint_values");
        return remaining > 0 ? [] : [.. chosen.OrderBy(f => f.Contains("%Y", StringComparison.Ordinal))];
    }

    /// <summary>Values none of the formats reads as a date from the year 1000 on (%Y reads "10" as the year 10).</summary>
    private static string Unread(IEnumerable<string> formats) =>
        "NOT coalesce(" + string.Join(" OR ", formats.Select(f => $"year(try_strptime(v, {SqlText.Literal(f)})) >= 1000")) + ", false)";

    private static IEnumerable<string> Candidates() =>
        DateParts.SelectMany(date => TimeParts.Select(time => date + time));

    /// <summary>The format DuckDB's sniffer gives the column, when it types it as a date or a timestamp.</summary>
    private static string? SniffedFormat(DuckDBConnection connection, string path, string readerOptions, string fileColumn)
    {
        var sniffed = connection.Query<(string? Type, string? DateFormat, string? TimestampFormat)>($"""
            SELECT c.type, DateFormat, TimestampFormat
            FROM (SELECT unnest(Columns) AS c, DateFormat, TimestampFormat FROM sniff_csv({SqlText.Literal(path)}{readerOptions}))
            WHERE c.name = $column
            """, new { column = fileColumn }).FirstOrDefault();
        var format = sniffed.Type switch
        {
            "DATE" => sniffed.DateFormat,
            "TIMESTAMP" => sniffed.TimestampFormat,
            _ => null,
        };
        return string.IsNullOrEmpty(format) ? null : format;
    }

    private static string SqlJson(string format) =>
        "\"" + format.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
