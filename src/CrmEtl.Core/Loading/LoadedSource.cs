namespace CrmEtl.Core.Loading;

/// <summary>What a run records of one input: where it came from, how much, and its content hash.</summary>
/// <param name="Path">The path as configured: a file, a folder or a pattern.</param>
/// <param name="Rows">Data rows in all its files.</param>
/// <param name="Sha256">The file's hash; for a source of several files, the hash of their names and hashes (see <see cref="LoadedFile"/>).</param>
/// <param name="RowsLeftOutByWhere">Rows the source's <c>where</c> left out.</param>
/// <param name="RowsWithoutCustomerId">Rows the <c>where</c> kept that have no customer id, left out of every analysis.</param>
/// <param name="FirstLineWithoutCustomerId">The first of those rows' line in its file.</param>
public sealed record LoadedSource(
    string Name,
    string Path,
    long Rows,
    string Sha256,
    long RowsLeftOutByWhere = 0,
    long RowsWithoutCustomerId = 0,
    long? FirstLineWithoutCustomerId = null)
{
    /// <summary>The files read, in the order read; one for a plain file path.</summary>
    public IReadOnlyList<LoadedFile> Files { get; init; } = [];

    /// <summary>Rows whose duplicate key (<see cref="CanonicalSource.DuplicateKey"/>) a later file of the source also holds.</summary>
    public long RowsDroppedAsDuplicates { get; init; }

    /// <summary>The file of <see cref="FirstLineWithoutCustomerId"/> (null: <see cref="Path"/>).</summary>
    public string? FirstFileWithoutCustomerId { get; init; }

    /// <summary>Files skipped because they are empty (0 bytes), for the run's warning.</summary>
    public IReadOnlyList<string> EmptyFilesSkipped { get; init; } = [];

    /// <summary>The rows that reach the canonical table.</summary>
    public long RowsKept => Rows - RowsLeftOutByWhere - RowsWithoutCustomerId - RowsDroppedAsDuplicates;
}

/// <summary>One file of a source, as journaled: its path, size, content hash and data rows.</summary>
public sealed record LoadedFile(string Path, long Bytes, string Sha256, long Rows);

/// <summary>A line DuckDB's CSV reader refused, kept for inspection in the <c>load_rejects</c> table.</summary>
public sealed record RejectedRow(string Source, string Path, long Line, string? Column, string ErrorType, string? CsvLine, string Message);
