namespace CrmEtl.Core.Loading;

/// <summary>What a run records of one input: where it came from, how much, and its content hash.</summary>
/// <param name="Rows">Data rows in the file.</param>
/// <param name="RowsLeftOutByWhere">Rows the source's <c>where</c> left out.</param>
/// <param name="RowsWithoutCustomerId">Rows the <c>where</c> kept that have no customer id, left out of every analysis.</param>
/// <param name="FirstLineWithoutCustomerId">The first of those rows' line in the file.</param>
public sealed record LoadedSource(
    string Name,
    string Path,
    long Rows,
    string Sha256,
    long RowsLeftOutByWhere = 0,
    long RowsWithoutCustomerId = 0,
    long? FirstLineWithoutCustomerId = null)
{
    /// <summary>The rows that reach the canonical table.</summary>
    public long RowsKept => Rows - RowsLeftOutByWhere - RowsWithoutCustomerId;
}

/// <summary>A line DuckDB's CSV reader refused, kept for inspection in the <c>load_rejects</c> table.</summary>
public sealed record RejectedRow(string Source, string Path, long Line, string? Column, string ErrorType, string? CsvLine, string Message);
