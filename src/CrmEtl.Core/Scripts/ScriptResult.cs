namespace CrmEtl.Core.Scripts;

/// <summary>One script's entry in the run journal.</summary>
public sealed record ScriptResult(ScriptKind Kind, string Script, string Sha256, TimeSpan Duration, long RowsWritten, ScriptStatus Status, string? Error = null);
