namespace CrmEtl.Core.Configuration;

/// <summary>
/// One input file and how its columns map onto a canonical source. <see cref="Columns"/> maps a
/// canonical column name to a SQL expression over the file's own columns.
/// </summary>
/// <param name="Encoding">The file's text encoding as DuckDB's reader names it (<see cref="TextEncodings"/>); null is UTF-8.</param>
public sealed record SourceSpec(string Path, IReadOnlyDictionary<string, string> Columns, string? Delimiter = null, string? Encoding = null)
{
    public static SourceSpec ForFile(string path) =>
        new(path, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
}
