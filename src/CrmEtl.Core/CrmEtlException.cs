namespace CrmEtl.Core;

/// <summary>An error the user can fix (bad file, bad rule, bad parameter, data a model cannot take); the message says what to do.</summary>
public sealed class CrmEtlException(string message, Exception? inner = null) : Exception(message, inner);
