using CrmEtl.Core.History;
using CrmEtl.Core.Loading;
using CrmEtl.Core.Modeling;
using CrmEtl.Core.Reporting;
using CrmEtl.Core.Resources;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Core;

/// <summary>
/// The stages of a run, in order: load the sources, declare parameters and rule tables, run the
/// SQL models, fit the CLTV models on the summary they built, run the post-fit SQL and the data
/// tests, render the report; the new database replaces the old only if every stage succeeded.
/// </summary>
public sealed class Pipeline(IPipelineObserver observer)
{
    public RunSummary Run(PipelineOptions options)
    {
        var config = options.Config;
        var files = ProjectFiles.Resolve(config.ProjectDirectory);
        var catalog = ScriptCatalog.Discover(files.SqlDirectory);
        var parameters = ParameterSet.Load(catalog.ParametersFile, config.Parameters, config.ParameterOrigins);
        if (config.AsOf is { } knownAsOf)
        {
            CltvParameters.From(parameters, knownAsOf).Validate();
        }

        SourceSetLoader.Validate(config.Sources);
        var reportNames = ReportTemplates.Select(files.TemplatesDirectory, config.Reports);

        using var run = RunScope.Begin(options.DatabasePath, observer, EngineSettings.For(config, options.DatabasePath));
        DateOnly? asOf = null;
        DuckDB.NET.Data.DuckDBConnection? fitConnection = null;
        try
        {
            run.Inputs.AddRange(run.Stage("load", () => SourceSetLoader.LoadAll(run.Connection, config.Sources, run.Rejects),
                inputs => string.Join(" · ", inputs.Select(SourceSetLoader.Describe))));
            // After the load, not before: a run stopped by a bad input file prints only its error.
            observer.Note($"engine: {run.Engine.Describe()}");
            foreach (var warning in run.Inputs.SelectMany(i => new[] { SourceSetLoader.EmptyFilesWarning(i), SourceSetLoader.MissingCustomerIdWarning(i) }).OfType<string>())
            {
                observer.Warning(warning);
            }

            var dates = InputDates.Read(run.Connection);
            asOf = dates.AsOf(config.AsOf);
            if (dates.Warning(asOf.Value) is { } asOfWarning)
            {
                observer.Warning(asOfWarning);
            }

            parameters.SetAsOf(asOf.Value);
            parameters.Apply(run.Connection);

            run.Stage("rules", () => RuleTableLoader.Load(run.Connection, catalog.RuleFiles),
                tables => $"{tables.Count} rule table(s): {string.Join(", ", tables.Select(t => t.Table))}");
            RunTests(run, "rule tests", catalog.RuleTests, "Rule tests");
            var (beforeFit, alongsideFit) = ScriptGraph.Of(catalog.Models).Around(CltvStage.Reads, CltvStage.Writes);
            var cltvOptions = CltvParameters.From(parameters, asOf.Value);
            fitConnection = run.OpenConnection();
            parameters.Apply(fitConnection);
            var scripts = new ScriptRunner(run.Connection);
            Task<(CltvResult Result, TimeSpan Elapsed)>? fitting = null;
            try
            {
                run.Stage("models", () =>
                    {
                        var started = 0;
                        var total = beforeFit.Count + alongsideFit.Count;
                        void Starting(SqlScript script, string alongside) =>
                            observer.Progress("models", $"{script.Label} ({++started} of {total}){alongside}");
                        var results = scripts.Run(ScriptKind.Model, beforeFit, run.Scripts.Add, s => Starting(s, string.Empty)).ToList();
                        Task<(CltvResult Result, TimeSpan Elapsed)> StartFit() => Task.Run(() => Timed(() =>
                        {
                            using var memory = run.Engine.Budget(fitConnection);
                            return CltvStage.Run(fitConnection, cltvOptions, memory);
                        }));
                        if (alongsideFit.Count == 0 || FitPlacement.BesideModels(run.Connection, run.Engine.DuckDbBytes))
                        {
                            fitting = StartFit();
                            results.AddRange(scripts.Run(ScriptKind.Model, alongsideFit, run.Scripts.Add,
                                s => Starting(s, fitting.IsCompleted ? string.Empty : ", CLTV fit alongside")));
                        }
                        else
                        {
                            observer.Note(FitPlacement.AfterModelsNote);
                            results.AddRange(scripts.Run(ScriptKind.Model, alongsideFit, run.Scripts.Add, s => Starting(s, string.Empty)));
                            fitting = StartFit();
                        }

                        return results;
                    },
                    results => $"{results.Count} script(s), {results.Sum(r => r.RowsWritten):N0} rows written; {ReturnCounts.Describe(run.Connection)}");
            }
            catch
            {
                // The fit reads and writes the database: it must end before the run closes it.
                fitting?.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
                throw;
            }

            var cltv = run.Finished("cltv fit", fitting!, DescribeFit);
            foreach (var warning in cltv.Warnings)
            {
                observer.Warning($"cltv: {warning.Text} ({warning.Count:N0} customers)");
            }

            // On the fit's connection: cltv_predictions is its TEMP table until 600_cltv_segments stores it.
            var postFit = new ScriptRunner(fitConnection);
            run.Stage("post-fit models", () => postFit.Run(ScriptKind.PostFit, catalog.PostFitModels, run.Scripts.Add),
                results => $"{results.Count} script(s)");
            CltvTables.PublishPredictions(fitConnection);
            fitConnection.Dispose();
            RunTests(run, "data tests", catalog.DataTests, "Data tests");
            var ruleFiles = catalog.RuleFiles.Select(RuleFileHash.Of).ToList();
            run.Stage("history", () => RecordHistory(run, ruleFiles), rows => $"{rows:N0} segment row(s) opened or closed");

            var runInfo = new RunInfo(run.RunId, asOf.Value.ToDateTime(TimeOnly.MinValue), run.Inputs, ParameterValues(parameters), DateTime.UtcNow)
            {
                ToolVersion = RunScope.ToolVersion,
                Elapsed = run.Elapsed,
                RejectedLines = run.Rejects.Count,
                Scripts = [.. run.Scripts],
                RuleFiles = ruleFiles,
            };
            var (report, rendered) = run.Stage("report", () => RenderReports(run, files, runInfo, reportNames),
                r => string.Join(", ", r.Rendered.Select(h => $"{h.Name} {h.Html.Length / 1024.0:N1} KB")));

            run.Commit(asOf.Value, ParameterValues(parameters));
            var archived = new List<string>();
            foreach (var html in rendered)
            {
                var standalone = html.StandaloneHtml();
                var archivePath = options.ArchivedReportPathOf(asOf.Value, html.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(archivePath)!);
                WriteAtomically(archivePath, standalone);
                WriteAtomically(options.ReportPathOf(html.Name), standalone);
                archived.Add(archivePath);
            }

            var reportPath = options.ReportPathOf(rendered.Any(r => r.Name == ReportTemplates.MainReport) ? ReportTemplates.MainReport : rendered[0].Name);
            return new RunSummary(run.RunId, asOf.Value, run.Inputs, options.DatabasePath, reportPath, run.Elapsed, report, rendered)
            {
                ArchivedReportPaths = archived,
            };
        }
        catch (Exception error)
        {
            fitConnection?.Dispose();
            run.Fail(error, asOf, ParameterValues(parameters));
            throw;
        }
    }

    /// <summary>Runs a suite of tests (queries returning offending rows), journals them, and fails the run if any returned rows.</summary>
    private static void RunTests(RunScope run, string stage, IReadOnlyList<SqlScript> tests, string suite)
    {
        var outcome = run.Stage(stage, () => new DataTestRunner(run.Connection).Run(tests, suite),
            o => $"{o.Results.Count(r => r.Status == ScriptStatus.Passed)} of {o.Results.Count} passed");
        run.Scripts.AddRange(outcome.Results);
        if (outcome.Failure is not null)
        {
            throw new DataTestFailedException(outcome.Failure);
        }
    }

    private static (T Result, TimeSpan Elapsed) Timed<T>(Func<T> work)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = work();
        return (result, stopwatch.Elapsed);
    }

    private static string DescribeFit(CltvResult result) =>
        result.Purchases is { } fit
            ? $"{fit.Fit.Model.SqlName()} on {result.Customers:N0} customers ({fit.Fit.Groups:N0} distinct histories), " +
              $"log-likelihood {fit.Fit.LogLikelihood:N2}, {(fit.Fit.Status == FitStatus.Converged ? "converged" : "on a boundary")}"
            : $"no purchase model fitted ({result.Customers:N0} customers)";

    private static (ReportModel Model, IReadOnlyList<RenderedReport> Rendered) RenderReports(
        RunScope run, ProjectFiles files, RunInfo runInfo, IReadOnlyList<string> names)
    {
        var model = new ReportModelBuilder(run.Connection).Build(runInfo);
        model.Tiles?.Record(run.Connection, run.RunId);
        return (model, [.. names.Select(name => ReportRenderer.Render(files.TemplatesDirectory, name, model))]);
    }

    /// <summary>
    /// For <c>crmetl diff</c>: the rule files read and the customers whose segment changed. A stage of its own: on a first
    /// run every customer opens a row in each segmentation, minutes at a hundred times the sample year.
    /// </summary>
    private static long RecordHistory(RunScope run, IReadOnlyList<RuleFileHash> ruleFiles)
    {
        new RuleFileLog(run.Connection).Record(run.RunId, ruleFiles);
        return new SegmentHistory(run.Connection).Record(run.RunId);
    }

    private static Dictionary<string, string> ParameterValues(ParameterSet parameters) =>
        parameters.All.ToDictionary(p => p.Name, p => p.Value);

    private static void WriteAtomically(string path, string content)
    {
        var staging = path + ".tmp";
        File.WriteAllText(staging, content);
        File.Move(staging, path, overwrite: true);
    }
}
