using CrmEtl.Core;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Scripts;

/// <summary>
/// A run without its own sql/ uses the defaults built into the binary, extracted to a temporary
/// folder the user never saw: messages call those files "built-in sql/…", a project's own files by their path.
/// </summary>
public sealed class BuiltInFileNameTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Misspelt_set_with_built_in_files_names_built_in_parameters_csv()
    {
        var error = RunWith(new() { ["tier_lookbak_months"] = "3" });

        Assert.StartsWith(
            "Unknown parameter 'tier_lookbak_months'. Known parameters (from built-in sql/parameters.csv): cltv_holdout_end, ",
            error.Message);
        Assert.DoesNotContain("crmetl-defaults", error.Message);
    }

    [Fact]
    public void Failing_built_in_script_is_named_built_in()
    {
        var error = RunWith(new() { ["tier_lookback_months"] = "2000000000" });

        Assert.StartsWith("built-in sql/110_customer_tiers.sql, statement 3 (line ", error.Message);
        Assert.Contains("Date out of range", error.Message);
    }

    [Fact]
    public void A_project_s_own_parameters_csv_is_named_by_its_path()
    {
        var project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);

        var error = RunWith(new() { ["tier_lookbak_months"] = "3" }, project);

        Assert.Contains($"(from {Path.Combine(project, "sql", "parameters.csv")}):", error.Message);
        Assert.DoesNotContain("built-in", error.Message);
    }

    [Fact]
    public void Labels_name_built_in_files_by_their_place_in_the_project()
    {
        var files = ProjectFiles.Resolve(projectDirectory: null);

        Assert.Equal("built-in sql/parameters.csv", ProjectFiles.Label(Path.Combine(files.SqlDirectory, "parameters.csv")));
        Assert.Equal("built-in templates/report.sbn-html", ProjectFiles.Label(Path.Combine(files.TemplatesDirectory, "report.sbn-html")));
        Assert.Equal(temp.Combine("parameters.csv"), ProjectFiles.Label(temp.Combine("parameters.csv")));
    }

    private CrmEtlException RunWith(Dictionary<string, string> parameters, string? projectDirectory = null) =>
        Assert.Throws<CrmEtlException>(() =>
            Fixtures.Run(Fixtures.Config(SmallProject.Sources(), parameters: parameters, projectDirectory: projectDirectory), temp.Combine("out")));
}
