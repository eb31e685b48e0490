using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

public sealed class ReportArchiveTests
{
    [Fact]
    public void Each_as_of_date_keeps_its_reports_and_the_top_level_report_is_the_last_run()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");

        var march = Fixtures.Run(Fixtures.Config(SmallProject.Sources(), asOf: new DateOnly(2024, 3, 31)), output);
        var april = Fixtures.Run(Fixtures.Config(SmallProject.Sources(), asOf: new DateOnly(2024, 4, 1)), output);

        var marchReport = Path.Combine(output, "reports", "2024-03-31", "report.html");
        var aprilReport = Path.Combine(output, "reports", "2024-04-01", "report.html");
        Assert.Contains(marchReport, march.ArchivedReportPaths);
        Assert.Contains(aprilReport, april.ArchivedReportPaths);
        Assert.True(File.Exists(Path.Combine(output, "reports", "2024-03-31", "funnel.html")));
        Assert.Contains("2024-03-31", File.ReadAllText(marchReport), StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllText(marchReport), File.ReadAllText(aprilReport));
        Assert.Equal(File.ReadAllText(aprilReport), File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
    }
}
