using System.IO.Enumeration;

namespace CrmEtl.Core.Loading;

/// <summary>
/// The files a source's path names: one file; every <c>*.csv</c> and <c>*.csv.gz</c> in a folder;
/// or the files a pattern with <c>*</c> or <c>?</c> in its file name matches. Several files are
/// read in name order, so the run sees the same rows in the same order whatever order the
/// file system lists them in.
/// </summary>
public static class SourceFiles
{
    private static readonly char[] Wildcards = ['*', '?'];

    public static bool IsPattern(string path) => Path.GetFileName(path).IndexOfAny(Wildcards) >= 0;

    public static IReadOnlyList<string> Resolve(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            var inFolder = Matching(path, name => name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase));
            return inFolder.Count > 0
                ? inFolder
                : throw new CrmEtlException($"{path}: the folder holds no *.csv or *.csv.gz file; put the exports in it, or give the path of one file.");
        }

        var folder = Path.GetDirectoryName(path) ?? ".";
        if (folder.IndexOfAny(Wildcards) >= 0)
        {
            throw new CrmEtlException($"{path}: only the file name may hold a wildcard (* or ?), not the folders above it.");
        }

        if (!IsPattern(path))
        {
            throw new CrmEtlException($"{path}: file not found.");
        }

        if (!Directory.Exists(folder))
        {
            throw new CrmEtlException($"{path}: no file matches the pattern: the folder {folder} does not exist.");
        }

        var pattern = Path.GetFileName(path);
        var matched = Matching(folder, name => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: !OperatingSystem.IsLinux()));
        return matched.Count > 0
            ? matched
            : throw new CrmEtlException($"{path}: no file matches the pattern in {folder}.");
    }

    private static List<string> Matching(string folder, Func<string, bool> accepts) =>
        [.. Directory.EnumerateFiles(folder)
            .Where(file => accepts(Path.GetFileName(file)))
            .Order(StringComparer.Ordinal)];
}
