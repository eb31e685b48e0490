using CrmEtl.Core;

namespace CrmEtl.Tests.TestSupport;

/// <summary>Keeps what a run reports (stages started and completed, their details, warnings) for a test to assert.</summary>
public sealed class RecordingObserver : IPipelineObserver
{
    public List<string> Started { get; } = [];

    public List<string> Completed { get; } = [];

    public List<string> Warnings { get; } = [];

    public Dictionary<string, string> Details { get; } = [];

    public List<string> Notes { get; } = [];

    public List<string> Progress { get; } = [];

    public void StageStarted(string stage) => Started.Add(stage);

    void IPipelineObserver.Progress(string stage, string detail) => Progress.Add($"{stage}: {detail}");

    public void StageCompleted(string stage, string detail, TimeSpan elapsed)
    {
        Completed.Add(stage);
        Details[stage] = detail;
    }

    public void Warning(string message) => Warnings.Add(message);

    public void Note(string message) => Notes.Add(message);
}
