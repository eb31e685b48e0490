namespace CrmEtl.Core.Configuration;

/// <summary>
/// One input (a file, a folder of files or a pattern, see <see cref="Loading.SourceFiles"/>) and how its columns map onto a canonical source. <see cref="Columns"/> maps a
/// canonical column name to a SQL expression over the file's own columns.
/// </summary>
/// <param name="Encoding">The file's text encoding as DuckDB's reader names it (<see cref="TextEncodings"/>); null is UTF-8.</param>
/// <param name="Where">A SQL predicate over the file's columns; rows where it is not true are left out before mapping.</param>
/// <param name="MissingValues">Field values read as missing (NULL); null means <see cref="DefaultMissingValues"/>.</param>
/// <param name="DateFormats">strptime formats tried in order on the date columns read straight from a file column; null reads YYYY-MM-DD.</param>
public sealed record SourceSpec(
    string Path,
    IReadOnlyDictionary<string, string> Columns,
    string? Delimiter = null,
    string? Encoding = null,
    string? Where = null,
    IReadOnlyList<string>? MissingValues = null,
    IReadOnlyList<string>? DateFormats = null)
{
    /// <summary>What exports commonly write for "no value": pandas' NaN and None, R's NA, SQL's NULL, spreadsheets' N/A.</summary>
    public static IReadOnlyList<string> DefaultMissingValues { get; } = ["", "NA", "N/A", "NULL", "nan", "None"];

    public IReadOnlyList<string> MissingMarkers => MissingValues ?? DefaultMissingValues;

    public static SourceSpec ForFile(string path) =>
        new(path, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
}
