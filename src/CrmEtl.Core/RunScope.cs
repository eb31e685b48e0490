using System.Diagnostics;
using System.Reflection;
using CrmEtl.Core.Loading;
using CrmEtl.Core.Scripts;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// One run's database session. The run builds a fresh staging database next to the output and,
/// only when every stage succeeded, renames it over the output in one atomic step; so a failed
/// run leaves the previous run's tables exactly as they were. (Building in a new file is also
/// about twice as fast as one long DuckDB transaction, and leaves no dead space behind.)
/// The journal's history is carried into each new file; a failure is recorded in the old one.
/// </summary>
internal sealed class RunScope : IDisposable
{
    private readonly IPipelineObserver observer;
    private readonly string databasePath;
    private readonly string stagingPath;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<string, TimeSpan> timings = [];
    private readonly FileStream outputLock;
    private DuckDBConnection? staging;

    private RunScope(string databasePath, IPipelineObserver observer, EngineSettings engine)
    {
        this.databasePath = Path.GetFullPath(databasePath);
        this.observer = observer;
        stagingPath = this.databasePath + ".building";
        outputLock = LockOutput(this.databasePath);
        try
        {
            RemoveStaleStaging(stagingPath);
            staging = Database.Open(stagingPath);
            WriteSettings.Apply(staging);
            engine.Apply(staging);
            Engine = engine;
            var journal = new RunJournal(staging);
            journal.CarryHistoryFrom(File.Exists(this.databasePath) ? this.databasePath : null);
            RunId = journal.Start(ToolVersion);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static string ToolVersion { get; } =
        typeof(RunScope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public DuckDBConnection Connection => staging ?? throw new InvalidOperationException("The run has ended.");

    public int RunId { get; }

    public EngineSettings Engine { get; }

    public List<LoadedSource> Inputs { get; } = [];

    public List<ScriptResult> Scripts { get; } = [];

    public List<RejectedRow> Rejects { get; } = [];

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>
    /// Another connection to the run's database, for a stage that runs alongside others (DuckDB.NET shares one database
    /// instance between the connections of a file, so settings are shared; variables and TEMP tables are not).
    /// </summary>
    public DuckDBConnection OpenConnection() => Database.Open(stagingPath);

    public static RunScope Begin(string databasePath, IPipelineObserver observer, EngineSettings engine)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        return new RunScope(databasePath, observer, engine);
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

    /// <summary>
    /// Reports a stage that ran on another thread alongside others: waits for it and journals its own duration (so the
    /// stages' durations can add up to more than the run's total).
    /// </summary>
    public T Finished<T>(string name, Task<(T Result, TimeSpan Elapsed)> work, Func<T, string> describe)
    {
        observer.StageStarted(name);
        var (result, elapsed) = work.GetAwaiter().GetResult();
        timings[name] = elapsed;
        observer.StageCompleted(name, describe(result), elapsed);
        return result;
    }

    /// <summary>Records success in the new database and puts it in place of the old one.</summary>
    public void Commit(DateOnly asOf, IReadOnlyDictionary<string, string> parameters)
    {
        timings["total"] = clock.Elapsed;
        new RunJournal(Connection).Finish(RunId, new RunRecord(RunStatus.Succeeded, asOf, Inputs, parameters, timings, Scripts, Rejects, null));
        CloseStaging();
        File.Move(stagingPath, databasePath, overwrite: true);
    }

    /// <summary>Drops the staging database and records the failure in the existing one.</summary>
    public void Fail(Exception error, DateOnly? asOf, IReadOnlyDictionary<string, string> parameters)
    {
        timings["total"] = clock.Elapsed;
        CloseStaging();
        DeleteDatabaseFiles(stagingPath);
        try
        {
            using var previous = Database.Open(databasePath);
            var journal = new RunJournal(previous);
            journal.EnsureTables();
            journal.Record(RunId, new RunRecord(RunStatus.Failed, asOf, Inputs, parameters, timings, Scripts, Rejects, error.Message));
        }
        catch (Exception journalError) when (journalError is CrmEtlException or DuckDB.NET.Data.DuckDBException or IOException)
        {
            // The run's own error is what the user needs; not being able to journal it must not hide it.
            observer.Warning($"the failed run could not be recorded in {databasePath}: {journalError.Message}");
        }
    }

    public void Dispose()
    {
        if (staging is not null)
        {
            CloseStaging();
            DeleteDatabaseFiles(stagingPath);
        }

        outputLock.Dispose();
    }

    private const string OtherRunMessage = "another crmetl run is writing into this folder right now; wait for it, or give this run its own --out.";

    /// <summary>
    /// Held for the whole run: <c>crm.duckdb.lock</c>, opened exclusively (on Linux and macOS an
    /// flock, which the system releases when the process ends, even when killed), so that two runs
    /// into one folder cannot both build and rename. The file stays; deleting it could let two
    /// runs lock two different files of the same name.
    /// </summary>
    private static FileStream LockOutput(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new RunLockedException($"{path}: {OtherRunMessage}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CrmEtlException($"{path}: cannot write into the output folder ({e.Message}); choose another --out, or give this user write access.", e);
        }
    }

    private void CloseStaging()
    {
        staging?.Dispose();
        staging = null;
    }

    /// <summary>
    /// A staging file left by a run that crashed is removed; one that another run still has open
    /// (DuckDB holds a lock on it) means two runs write into one folder, which would corrupt both.
    /// </summary>
    private static void RemoveStaleStaging(string path)
    {
        if (File.Exists(path))
        {
            try
            {
                Database.Open(path).Dispose();
            }
            catch (CrmEtlException e) when (e.InnerException is DuckDB.NET.Data.DuckDBException inner && inner.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                throw new RunLockedException($"{path}: {OtherRunMessage}", e);
            }
        }

        DeleteDatabaseFiles(path);
    }

    private static void DeleteDatabaseFiles(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
