using CrmEtl.Core;

namespace CrmEtl.Cli;

/// <summary>For <c>--quiet</c>: nothing on success; warnings stay in the run's tables (e.g. <c>cltv_warnings</c>).</summary>
internal sealed class QuietObserver : IPipelineObserver
{
    public void StageStarted(string stage)
    {
    }

    public void StageCompleted(string stage, string detail, TimeSpan elapsed)
    {
    }

    public void Warning(string message)
    {
    }
}
