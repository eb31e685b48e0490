using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Scripts;

/// <summary>A run over a hundred times the sample data spends half an hour in the models: a terminal shows which script is under way.</summary>
public sealed class ScriptProgressTests
{
    [Fact]
    public void Each_model_script_is_announced_with_its_place_before_it_runs()
    {
        using var temp = new TempDirectory();
        var observer = new RecordingObserver();

        var summary = new Core.Pipeline(observer).Run(new Core.PipelineOptions(Fixtures.Config(SmallProject.Sources()), temp.Path));

        var models = Db.Scalar<long>(summary.DatabasePath, "SELECT count(*) FROM script_log WHERE kind = 'model'");
        Assert.Equal(models, observer.Progress.Count(p => p.StartsWith("models: ", StringComparison.Ordinal)));
        Assert.Equal($"models: built-in sql/005_shared_macros.sql (1 of {models})", observer.Progress[0]);
        Assert.StartsWith("models: built-in sql/", observer.Progress[^1], StringComparison.Ordinal);
        Assert.Contains($"({models} of {models})", observer.Progress[^1], StringComparison.Ordinal);
    }
}
