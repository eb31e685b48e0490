using CrmEtl.Core;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>An empty project partial switches that part of every report off; an include of a file that is nowhere names its template.</summary>
public sealed class PartialSwitchOffTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_empty_partial_renders_nothing_and_the_rest_of_the_report_stays()
    {
        var project = temp.Combine("project");
        temp.File("project/templates/partials/_tiers.sbn-html", string.Empty);

        var summary = SmallProject.Run(temp.Combine("out"), projectDirectory: project);

        var titles = new ReportDocument(summary.Reports.Single(r => r.Name == "report").Html).SectionTitles;
        Assert.DoesNotContain("Tiers", titles);
        Assert.Contains("Customer lifecycle funnel", titles);
        Assert.Contains("RFM segments", titles);
    }

    [Fact]
    public void An_include_of_a_file_that_is_nowhere_names_the_including_template_and_its_line()
    {
        var weekly = temp.File("project/templates/weekly.sbn-html", "{{~ include 'partials/_top.sbn-html' ~}}\n{{ include 'partials/_nowhere.sbn-html' }}\n");

        var error = Assert.Throws<CrmEtlException>(() => SmallProject.Run(temp.Combine("out"), projectDirectory: temp.Combine("project")));

        Assert.Equal(
            $"{weekly}, line 2: it includes partials/_nowhere.sbn-html, which is neither in the project's templates/ folder nor built in. Add the file, or remove the include.",
            error.Message);
    }
}
