namespace CrmEtl.Core.Scripts;

/// <summary>One script's entry in the run journal.</summary>
/// <param name="Kind">model, post_fit or test.</param>
public sealed record ScriptResult(string Kind, string Script, string Sha256, TimeSpan Duration, long RowsWritten, string Status, string? Error = null);
