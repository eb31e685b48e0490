namespace CrmEtl.Core.Scripts;

/// <summary>How a script in the journal (<c>script_log.status</c>) ended.</summary>
public enum ScriptStatus
{
    /// <summary>A model script ran every statement.</summary>
    [SqlName("succeeded")]
    Succeeded,

    /// <summary>A model script stopped on a failing statement, or a test returned offending rows.</summary>
    [SqlName("failed")]
    Failed,

    /// <summary>A test returned no offending rows.</summary>
    [SqlName("passed")]
    Passed,
}
