namespace CrmEtl.Core;

/// <summary>An error the user can cause and fix (bad input, bad option); the CLI prints the message without a stack trace.</summary>
public sealed class CrmEtlException(string message, Exception? inner = null) : Exception(message, inner);
