using System.Text.RegularExpressions;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// Files users read (sql/, its rule tables and tests, templates/, the README, the CLI's help) stand
/// on their own: they say what an analysis is, never which design note or reference seed it came from.
/// </summary>
public sealed partial class UserFacingTextTests
{
    [Fact]
    public void Files_users_read_do_not_refer_to_design_notes()
    {
        var root = RepositoryFolders.Root;
        var files = new[] { "sql", "templates", Path.Combine("src", "CrmEtl.Cli") }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => Path.GetExtension(path) is ".sql" or ".csv" or ".sbn-html" or ".cs")
            .Append(Path.Combine(root, "README.md"));

        var mentions = files
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, number: i + 1, line)))
            .Where(l => DesignReference().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(root, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(mentions);
    }

    [GeneratedRegex(@"SPEC\.md|SPEC analysis|\bseeds? \d|\bseed0|\bnotebook", RegexOptions.IgnoreCase)]
    private static partial Regex DesignReference();
}
