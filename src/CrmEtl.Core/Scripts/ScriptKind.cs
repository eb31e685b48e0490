namespace CrmEtl.Core.Scripts;

/// <summary>What a script in the journal (<c>script_log.kind</c>) is.</summary>
public enum ScriptKind
{
    /// <summary>A SQL model run before the CLTV fit.</summary>
    [SqlName("model")]
    Model,

    /// <summary>A SQL model run after the CLTV fit, on its outputs.</summary>
    [SqlName("post_fit")]
    PostFit,

    /// <summary>A data or rule test: a query returning the rows that break a rule.</summary>
    [SqlName("test")]
    Test,
}
