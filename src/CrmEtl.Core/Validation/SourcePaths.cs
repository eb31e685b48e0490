namespace CrmEtl.Core.Validation;

/// <summary>The files a source's path names: the file, the data files of a folder, or those a wildcard (<c>data/purchases_*.csv</c>) matches.</summary>
internal static class SourcePaths
{
    private static readonly string[] DataFileEndings = [".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".txt.gz"];

    public static bool IsPattern(string path) => Path.GetFileName(path).IndexOfAny(['*', '?']) >= 0;

    public static IReadOnlyList<string> Matching(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path)
                .Where(f => DataFileEndings.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)];
        }

        var folder = Path.GetDirectoryName(path);
        return IsPattern(path) && folder is not null && Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, Path.GetFileName(path)).Order(StringComparer.Ordinal)]
            : [];
    }
}
