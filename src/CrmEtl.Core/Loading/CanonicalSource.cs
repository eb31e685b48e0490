namespace CrmEtl.Core.Loading;

/// <param name="Fill">SQL over the other canonical columns used where the file gives no value.</param>
public sealed record CanonicalColumn(string Name, string SqlType, bool Required = false, string? Fill = null)
{
    public bool IsDate => SqlType == "DATE";

    /// <summary>The type DuckDB's CSV reader is told: dates as TIMESTAMP so "2024-01-01 10:00" reads too.</summary>
    public string ReadType => IsDate ? "TIMESTAMP" : SqlType;
}

/// <summary>A canonical source: the table name, its columns, and the file columns it keeps.</summary>
/// <param name="OneOfRequired">Groups of columns of which the file must map at least one.</param>
/// <param name="KeepsAttributes">Extra file columns pass through (customer attributes for personas).</param>
public sealed record CanonicalSource(
    string Name,
    IReadOnlyList<CanonicalColumn> Columns,
    IReadOnlyList<IReadOnlyList<string>> OneOfRequired,
    bool KeepsAttributes = false)
{
    /// <summary>The raw tables' line number column (the header is line 1).</summary>
    public const string LineColumn = "_line";

    public string RawTable => "raw_" + Name;

    public string RejectsTable => "rejects_" + Name;
}
