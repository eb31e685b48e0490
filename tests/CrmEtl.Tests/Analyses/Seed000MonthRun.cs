using CrmEtl.Core;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// One full pipeline run (load, every model, every data test) on seed 000's 30-day fixture
/// (as-of 2024-05-26: 81,065 leads, 51,752 buyers, 93,126 transactions), shared by the analysis
/// tests that check invariants and totals on it, the report and the CLTV fit; a run takes
/// seconds, so it is made once. Default parameters (tier_lookback_months 6, BG/NBD).
/// </summary>
public sealed class Seed000MonthRun : IDisposable
{
    private readonly TempDirectory folder = new();

    public Seed000MonthRun() =>
        Summary = new Pipeline(Observer).Run(new PipelineOptions(Fixtures.Config(Fixtures.Seed000Month()), folder.Path));

    public RunSummary Summary { get; }

    /// <summary>The run's stage details and warnings, as the console would have shown them.</summary>
    public RecordingObserver Observer { get; } = new();

    public List<T> Query<T>(string sql) => Db.Query<T>(Summary.DatabasePath, sql);

    public T Scalar<T>(string sql) => Db.Scalar<T>(Summary.DatabasePath, sql);

    public void Dispose() => folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedSeed000MonthRun : ICollectionFixture<Seed000MonthRun>
{
    public const string Name = "seed 000 month run";
}
