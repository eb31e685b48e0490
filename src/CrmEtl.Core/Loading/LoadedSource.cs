namespace CrmEtl.Core.Loading;

/// <summary>What a run records of one input: where it came from, how much, and its content hash.</summary>
public sealed record LoadedSource(string Name, string Path, long Rows, string Sha256);

/// <summary>A line DuckDB's CSV reader refused, kept for inspection in the <c>load_rejects</c> table.</summary>
public sealed record RejectedRow(string Source, string Path, long Line, string? Column, string ErrorType, string? CsvLine, string Message);
