using CrmEtl.Core;

namespace CrmEtl.Cli;

/// <summary>For <c>--json</c>: prints nothing, keeps each stage's timing and every warning for the summary.</summary>
internal sealed class CollectingObserver : IPipelineObserver
{
    public List<(string Stage, string Detail, TimeSpan Elapsed)> Stages { get; } = [];

    public List<string> Warnings { get; } = [];

    public void StageStarted(string stage)
    {
    }

    public void StageCompleted(string stage, string detail, TimeSpan elapsed) => Stages.Add((stage, detail, elapsed));

    public void Warning(string message) => Warnings.Add(message);
}
