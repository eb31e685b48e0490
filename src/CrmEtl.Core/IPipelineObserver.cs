namespace CrmEtl.Core;

/// <summary>Hears about each stage of a run, for progress on a terminal or in a log.</summary>
public interface IPipelineObserver
{
    void StageStarted(string stage);

    void StageCompleted(string stage, string detail, TimeSpan elapsed);

    /// <summary>Something the user should know that does not stop the run.</summary>
    void Warning(string message);

    /// <summary>What a long stage is doing now (the script under way, say); for a spinner, not for a log.</summary>
    void Progress(string stage, string detail)
    {
    }

    /// <summary>A line of context, such as the engine's memory limit; observers that keep only stages and warnings ignore it.</summary>
    void Note(string message)
    {
    }
}
