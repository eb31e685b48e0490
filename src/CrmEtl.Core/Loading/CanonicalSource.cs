namespace CrmEtl.Core.Loading;

/// <param name="Fill">SQL over the other canonical columns used where the file gives no value.</param>
public sealed record CanonicalColumn(string Name, string SqlType, bool Required = false, string? Fill = null)
{
    public bool IsDate => SqlType == "DATE";

    /// <summary>
    /// The type DuckDB's CSV reader is told: dates as TIMESTAMP, so "2024-01-01 10:00" reads too and,
    /// unlike a DATE column, no date format is sniffed from a sample (a sniffed "%d/%m/%Y" would
    /// reject ISO rows, or read "01/02/2024" as the wrong day without a word).
    /// </summary>
    public string ReadType => IsDate ? "TIMESTAMP" : SqlType;
}

/// <summary>A canonical source: the table name, its columns, and the file columns it keeps.</summary>
/// <param name="OneOfRequired">Groups of columns of which the file must map at least one.</param>
/// <param name="KeepsAttributes">Extra file columns pass through (customer attributes for personas).</param>
/// <param name="DuplicateKey">
/// For a source of several files: the columns (as the file gives them, before any fill) that make
/// two rows the same row. Of the rows sharing a key, only those of the latest file holding it are
/// kept (a later export is the newer one); rows within one file are never merged. Null: every
/// canonical column, i.e. only a row repeated in full is a duplicate.
/// </param>
public sealed record CanonicalSource(
    string Name,
    IReadOnlyList<CanonicalColumn> Columns,
    IReadOnlyList<IReadOnlyList<string>> OneOfRequired,
    bool KeepsAttributes = false,
    IReadOnlyList<string>? DuplicateKey = null)
{
    public IReadOnlyList<string> DuplicateKeyColumns => DuplicateKey ?? [.. Columns.Select(c => c.Name)];

    /// <summary>
    /// A raw row's line in its file (the header is line 1). A raw table is written once, in file
    /// order, outside any longer transaction, so its rowids are 0, 1, 2… in file order. (Inside a
    /// transaction DuckDB hands out transaction-local rowids; row_number() OVER () would cost a
    /// second pass over the data.)
    /// </summary>
    public const string LineExpression = "(rowid + 2)";

    public string RawTable => "raw_" + Name;

    public string RejectsTable => "rejects_" + Name;
}
