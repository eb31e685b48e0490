namespace CrmEtl.Core;

/// <summary>Hears about each stage of a run, for progress on a terminal or in a log.</summary>
public interface IPipelineObserver
{
    void StageStarted(string stage);

    void StageCompleted(string stage, string detail, TimeSpan elapsed);
}
