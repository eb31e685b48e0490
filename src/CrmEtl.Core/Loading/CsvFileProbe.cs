using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>Looks at a CSV file before loading it: does it exist, hold data, and which columns has it.</summary>
internal static class CsvFileProbe
{
    private static readonly char[] OtherDelimiters = [';', '\t', '|', ','];

    public static IReadOnlyList<string> ReadColumns(DuckDBConnection connection, string path, string? delimiter)
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
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DESCRIBE SELECT * FROM read_csv({SqlText.Literal(path)}, header = true{DelimiterOption(delimiter)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }
        catch (DuckDBException e)
        {
            throw new CrmEtlException($"{path}: cannot be read as CSV: {FirstLine(e.Message)}", e);
        }

        if (columns is ["column0"])
        {
            throw new CrmEtlException($"{path}: the file is empty; expected a header line and data rows.");
        }

        return columns;
    }

    public static string DelimiterOption(string? delimiter) =>
        delimiter is null ? string.Empty : $", delim = {SqlText.Literal(delimiter)}";

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

    public static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
