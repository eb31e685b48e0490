namespace CrmEtl.Core;

/// <summary>
/// An error the user can fix (a bad file, a bad rule, a missing parameter). The CLI prints its
/// message without a stack trace and exits non-zero; anything else is a bug and keeps its trace.
/// </summary>
public sealed class CrmEtlException(string message, Exception? inner = null) : Exception(message, inner);
