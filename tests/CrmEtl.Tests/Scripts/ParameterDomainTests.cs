using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Scripts;

/// <summary>Every parameter's value is checked before the run loads a file, and the error says where the value was set and what it may be.</summary>
public sealed class ParameterDomainTests
{
    [Theory]
    [InlineData("cltv_model", "pareto_nbd", "one of bgnbd, mbgnbd, paretonbd")]
    [InlineData("cltv_horizon_months", "0", "a number ≥ 1")]
    [InlineData("cltv_monthly_discount_rate", "-0.01", "a number ≥ 0")]
    [InlineData("cltv_time_unit_days", "0", "a number > 0")]
    [InlineData("cltv_penalizer", "-1", "a number ≥ 0")]
    [InlineData("tier_lookback_months", "0", "a number ≥ 1")]
    [InlineData("second_purchase_window_days", "-1", "a number ≥ 0")]
    [InlineData("cohort_max_months_since", "-1", "a number ≥ 0")]
    [InlineData("profit_margin_rate", "1.5", "a number from 0 to 1")]
    public void A_value_outside_its_domain_set_on_the_command_line_fails_before_the_load(string name, string value, string allowed)
    {
        using var temp = new TempDirectory();
        var config = ProjectConfig.Empty.With(UnreadableSources(temp), parameters: new Dictionary<string, string> { [name] = value });

        var (error, observer) = RunExpectingFailure(config, temp.Path);

        Assert.Equal($"--set: parameter '{name}' is '{value}'; it must be {allowed}.", error.Message);
        AssertNothingLoaded(observer, temp.Path);
    }

    [Fact]
    public void A_misspelt_model_in_the_config_file_is_named_with_the_file()
    {
        using var temp = new TempDirectory();
        var configPath = temp.File("crmetl.json", """{ "parameters": { "cltv_model": "BG/NBD" } }""");
        var config = ConfigReader.Read(configPath).With(UnreadableSources(temp));

        var (error, observer) = RunExpectingFailure(config, temp.Path);

        Assert.Equal($"{configPath}: parameter 'cltv_model' is 'BG/NBD'; it must be one of bgnbd, mbgnbd, paretonbd.", error.Message);
        AssertNothingLoaded(observer, temp.Path);
    }

    [Fact]
    public void A_bad_default_in_the_projects_parameters_file_is_named_with_its_line()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        var parametersFile = Path.Combine(project, "sql", "parameters.csv");
        var lines = File.ReadAllLines(parametersFile);
        var line = Array.FindIndex(lines, l => l.StartsWith("cltv_horizon_months,", StringComparison.Ordinal));
        lines[line] = lines[line].Replace("cltv_horizon_months,6,", "cltv_horizon_months,-6,", StringComparison.Ordinal);
        File.WriteAllLines(parametersFile, lines);
        var config = Fixtures.Config(UnreadableSources(temp), projectDirectory: project);

        var (error, observer) = RunExpectingFailure(config, temp.Path);

        Assert.Equal($"{parametersFile}, line {line + 1}: parameter 'cltv_horizon_months' is '-6'; it must be a number ≥ 1.", error.Message);
        AssertNothingLoaded(observer, temp.Path);
    }

    [Fact]
    public void A_holdout_that_ends_before_the_given_as_of_date_fails_before_the_load()
    {
        using var temp = new TempDirectory();
        var config = Fixtures.Config(UnreadableSources(temp), new DateOnly(2024, 4, 1),
            new Dictionary<string, string> { ["cltv_holdout_end"] = "2024-03-01" });

        var (error, observer) = RunExpectingFailure(config, temp.Path);

        Assert.StartsWith("cltv_holdout_end (2024-03-01) must be after the as-of date (2024-04-01)", error.Message, StringComparison.Ordinal);
        AssertNothingLoaded(observer, temp.Path);
    }

    [Theory]
    [InlineData("ParetoNBD")]
    [InlineData(" mbgnbd ")]
    public void Model_names_are_read_regardless_of_case_and_blanks(string value)
    {
        using var temp = new TempDirectory();
        var config = ProjectConfig.Empty.With(SmallProject.Sources(), parameters: new Dictionary<string, string> { ["cltv_model"] = value });

        var summary = Fixtures.Run(config, temp.Path);

        Assert.Equal(value.Trim().ToLowerInvariant(), Db.Scalar<string>(summary.DatabasePath, "SELECT model FROM cltv_fit ORDER BY model DESC LIMIT 1"));
    }

    /// <summary>Files that do not exist: a run that got as far as the sources would fail on them instead.</summary>
    private static Dictionary<string, SourceSpec> UnreadableSources(TempDirectory temp) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["purchases"] = SourceSpec.ForFile(temp.Combine("missing_purchases.csv")),
    };

    private static (CrmEtlException Error, RecordingObserver Observer) RunExpectingFailure(ProjectConfig config, string outputDirectory)
    {
        var observer = new RecordingObserver();
        var error = Assert.Throws<CrmEtlException>(() => new Pipeline(observer).Run(new PipelineOptions(config, outputDirectory)));
        return (error, observer);
    }

    private static void AssertNothingLoaded(RecordingObserver observer, string outputDirectory)
    {
        Assert.Empty(observer.Started);
        Assert.Empty(Directory.GetFiles(outputDirectory, "*.duckdb*"));
    }
}
