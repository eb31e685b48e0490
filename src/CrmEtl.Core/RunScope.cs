using System.Diagnostics;
using System.Reflection;
using CrmEtl.Core.Loading;
using CrmEtl.Core.Scripts;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// One run's database session: it opens the database, journals the run, and does all the work
/// in one transaction, so a failed run leaves the previous run's tables exactly as they were.
/// </summary>
internal sealed class RunScope : IDisposable
{
    private readonly IPipelineObserver observer;
    private readonly RunJournal journal;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<string, TimeSpan> timings = [];
    private bool open;

    private RunScope(DuckDBConnection connection, IPipelineObserver observer)
    {
        Connection = connection;
        this.observer = observer;
        journal = new RunJournal(connection);
        journal.EnsureTables();
        RunId = journal.Start(ToolVersion);
        connection.Execute("BEGIN TRANSACTION");
        open = true;
    }

    public static string ToolVersion { get; } =
        typeof(RunScope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public DuckDBConnection Connection { get; }

    public int RunId { get; }

    public List<LoadedSource> Inputs { get; } = [];

    public List<ScriptResult> Scripts { get; } = [];

    public List<RejectedRow> Rejects { get; } = [];

    public IReadOnlyDictionary<string, TimeSpan> Timings => timings;

    public TimeSpan Elapsed => clock.Elapsed;

    public static RunScope Begin(string databasePath, IPipelineObserver observer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connection = Database.Open(databasePath);
        try
        {
            return new RunScope(connection, observer);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public T Stage<T>(string name, Func<T> work, Func<T, string> describe)
    {
        observer.StageStarted(name);
        var stopwatch = Stopwatch.StartNew();
        var result = work();
        timings[name] = stopwatch.Elapsed;
        observer.StageCompleted(name, describe(result), stopwatch.Elapsed);
        return result;
    }

    public void Commit(DateOnly asOf, IReadOnlyDictionary<string, string> parameters)
    {
        Connection.Execute("COMMIT");
        open = false;
        timings["total"] = clock.Elapsed;
        journal.Finish(RunId, new RunRecord("succeeded", asOf, Inputs, parameters, timings, Scripts, Rejects, null));
    }

    public void Fail(Exception error, DateOnly? asOf, IReadOnlyDictionary<string, string> parameters)
    {
        if (open)
        {
            Connection.Execute("ROLLBACK");
            open = false;
        }

        timings["total"] = clock.Elapsed;
        journal.Finish(RunId, new RunRecord("failed", asOf, Inputs, parameters, timings, Scripts, Rejects, error.Message));
    }

    public void Dispose()
    {
        if (open)
        {
            Connection.Execute("ROLLBACK");
        }

        Connection.Dispose();
    }
}
