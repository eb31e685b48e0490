namespace CrmEtl.Core.Scripts;

/// <summary>Where a run stands in the journal (<c>runs.status</c>).</summary>
public enum RunStatus
{
    [SqlName("running")]
    Running,

    [SqlName("succeeded")]
    Succeeded,

    [SqlName("failed")]
    Failed,
}
