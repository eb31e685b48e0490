using CrmEtl.Core.Configuration;
using CrmEtl.Core.Loading;
using CrmEtl.Core.Modeling;
using CrmEtl.Core.Resources;
using CrmEtl.Core.Scripts;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Validation;

/// <summary>
/// <c>crmetl validate</c>: everything a run would stop on, found without loading data. The
/// project's merged files (the same <see cref="ProjectFiles.Resolve"/> a run uses) are checked in
/// the run's order on an in-memory database whose inputs are the loader's tables with no rows:
/// sources by their headers, parameters, rule tables and rule tests, every model script, the CLTV
/// stage's tables, the post-fit scripts and data tests, and the templates. Each check records its
/// problems and the next one runs all the same.
/// </summary>
public static class ProjectValidator
{
    /// <param name="configPath">The crmetl.json the config came from, to name the line of a bad source or parameter; null for none.</param>
    /// <param name="today">The as-of date when neither the config nor the command line gives one (a run takes the last purchase date).</param>
    /// <param name="report">Problems found before (the config that did not read), to which the rest are added.</param>
    public static ValidationReport Validate(ProjectConfig config, string? configPath, DateOnly today, ValidationReport? report = null)
    {
        report ??= new ValidationReport();
        var place = new ConfigPlace(configPath);
        var files = ProjectFiles.Resolve(config.ProjectDirectory);
        var catalog = ScriptCatalog.Discover(files.SqlDirectory, report.Problem);
        var parameters = ParameterCheck.Load(catalog.ParametersFile, config, place, report);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        new SourceCheck(connection, report, place).BuildInputs(config.Sources);

        var asOf = config.AsOf ?? today;
        parameters.SetAsOf(asOf);
        report.Try(() => parameters.Apply(connection));

        var scripts = new ScriptCheck(connection, report);
        var rules = new RuleTableCheck(connection, report, table => scripts.Missing(table));
        rules.Load(catalog.RuleFiles);
        scripts.RunTests(catalog.RuleTests, rules);
        scripts.Run(catalog.Models);
        CreateCltvTables(connection, parameters, config.AsOf, asOf, scripts, report);
        scripts.Run(catalog.PostFitModels);
        scripts.RunTests(catalog.DataTests, ruleTables: null);

        TemplateCheck.Run(files.TemplatesDirectory, config.Reports, report);
        if (config.Sources.Count == 0)
        {
            report.Note("no sources: the scripts were checked on empty inputs; a run needs --purchases, --leads, --ads or --customers, or sources in crmetl.json.");
        }

        return report;
    }

    /// <summary>
    /// The CLTV stage on an empty cltv_summary writes its tables with no rows, as a run's stage
    /// would with customers. Its settings are checked as a run checks them; a holdout is checked
    /// against the as-of date only when one is given (else a run takes it from the data).
    /// </summary>
    private static void CreateCltvTables(
        DuckDBConnection connection, ParameterSet parameters, DateOnly? givenAsOf, DateOnly asOf, ScriptCheck scripts, ValidationReport report)
    {
        string[] stageTables = ["cltv_params", "cltv_fit", "cltv_predictions", "cltv_warnings", "cltv_holdout", "cltv_tracking"];
        CltvOptions? options = null;
        if (!report.Try(() => options = CltvParameters.From(parameters, asOf)))
        {
            scripts.Missing(stageTables);
            return;
        }

        if (givenAsOf is null || !report.Try(options!.Validate))
        {
            options = options! with { Holdout = null };
        }

        try
        {
            CltvStage.Run(connection, options!);
        }
        catch (CrmEtlException e) when (scripts.FollowsFromEarlierError(e.Message))
        {
            report.FollowOnErrors++;
            scripts.Missing(stageTables);
        }
        catch (CrmEtlException e)
        {
            report.Problem(e.Message);
            scripts.Missing(stageTables);
        }
    }
}
