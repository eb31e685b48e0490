using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.History;
using Dapper;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>
/// <c>crmetl run --preview</c>: what an analyst runs after editing a rule, before the nightly run
/// publishes it. The run builds on a copy of the current database in OUT/preview (so its history
/// and run numbers continue), writes its reports there, and prints the diff against the current
/// database's last successful run; the current database and reports stay as they are.
/// </summary>
internal static class RunPreview
{
    public const string Folder = "preview";

    public static int Execute(CliConsole console, ProjectConfig config, string outputDirectory, bool quiet, bool mail)
    {
        if (mail)
        {
            throw new CrmEtlException("--preview writes and sends no mail: leave out --eml and --send, or run without --preview.");
        }

        var current = new PipelineOptions(config, outputDirectory).DatabasePath;
        var scratch = Path.Combine(outputDirectory, Folder);
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        Directory.CreateDirectory(scratch);
        var options = new PipelineOptions(config, scratch);
        var baseline = File.Exists(current) ? LastSuccessfulRun(current) : null;
        if (baseline is not null)
        {
            File.Copy(current, options.DatabasePath);
        }

        var summary = ConsoleObserver.Run(console, observer => new Pipeline(observer).Run(options), quiet);
        if (!quiet)
        {
            RunReport.Print(console.Out, summary);
        }

        console.Out.WriteLine();
        if (baseline is null)
        {
            console.Out.WriteLine($"{current}: no successful run to compare the preview with.");
            return 0;
        }

        console.Out.WriteLine($"Preview (run {summary.RunId}, in {scratch}) against the current database ({current}, run {baseline}):");
        using var connection = Database.Open(options.DatabasePath, readOnly: true);
        DiffCommand.Write(console, RunDiff.Between(connection, baseline, summary.RunId), "table");
        return 0;
    }

    private static int? LastSuccessfulRun(string databasePath)
    {
        using var connection = Database.Open(databasePath, readOnly: true);
        var hasRuns = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'runs'") > 0;
        return hasRuns ? connection.ExecuteScalar<int?>("SELECT max(run_id) FROM runs WHERE status = 'succeeded'") : null;
    }
}
