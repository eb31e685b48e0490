namespace CrmEtl.Core.Loading;

/// <summary>
/// Where a raw row came from. A source's files are read one after the other into one raw table,
/// so a row's <c>source_line</c> (<see cref="CanonicalSource.LineExpression"/>) counts on through
/// the files: the second file's first row follows the first file's last. This turns it back into
/// the file and its own line, for messages; one file is its own line.
/// </summary>
internal sealed class FileLines
{
    private readonly List<(string Path, long FirstLine, long Rows)> files = [];

    public FileLines(string path) => files.Add((path, 2, long.MaxValue));

    private FileLines()
    {
    }

    public static FileLines Empty() => new();

    public IReadOnlyList<(string Path, long FirstLine, long Rows)> Files => files;

    public bool IsSeveral => files.Count > 1;

    /// <summary>Adds the next file read: its rows follow those of the files before it.</summary>
    public void Add(string path, long rows)
    {
        var first = files.Count == 0 ? 2 : files[^1].FirstLine + files[^1].Rows;
        files.Add((path, first, rows));
    }

    public (string Path, long Line) Locate(long sourceLine)
    {
        var file = files.LastOrDefault(f => f.FirstLine <= sourceLine, files[0]);
        return (file.Path, sourceLine - file.FirstLine + 2);
    }

    /// <summary>"path, line N": how every message names a row.</summary>
    public string Describe(long sourceLine)
    {
        var (path, line) = Locate(sourceLine);
        return $"{path}, line {line}";
    }
}
