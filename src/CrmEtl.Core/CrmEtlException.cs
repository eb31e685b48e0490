namespace CrmEtl.Core;

/// <summary>
/// An error the user can fix (a bad file, a bad rule, a missing parameter). The CLI prints its
/// message without a stack trace and exits non-zero; anything else is a bug and keeps its trace.
/// </summary>
public class CrmEtlException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Rule tests or data tests returned offending rows: the inputs loaded, but the data (or a rule
/// edit) breaks an expectation. A scheduler tells it apart from a missing file by the exit code.
/// </summary>
public sealed class DataTestFailedException(string message) : CrmEtlException(message);

/// <summary>
/// Another run is writing into the same output folder. Nothing is wrong with the inputs: a scheduler
/// can retry later, so it has an exit code of its own.
/// </summary>
public sealed class RunLockedException(string message, Exception? inner = null) : CrmEtlException(message, inner);
