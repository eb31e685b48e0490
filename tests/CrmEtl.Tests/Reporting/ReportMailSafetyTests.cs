using CrmEtl.Core.Reporting;
using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>What mail clients need of every report body: inline styles, tables at most 680 px, accessible tables, no script, under Gmail's clip size.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class ReportMailSafetyTests(Seed000MonthRun run)
{
    [Fact]
    public void Every_report_body_is_mail_safe()
    {
        Assert.Equal(["funnel", "report"], run.Summary.Reports.Select(r => r.Name).Order());
        Assert.All(run.Summary.Reports, MailSafety.Assert);
    }

    [Fact]
    public void The_standalone_file_embeds_every_chart_and_references_nothing_outside()
    {
        var html = File.ReadAllText(run.Summary.ReportPath);
        var document = new ReportDocument(html).Document;
        Assert.NotEmpty(document.QuerySelectorAll("img"));
        Assert.True(new FileInfo(run.Summary.ReportPath).Length < 100 * 1024, $"report.html with its chart embedded must stay under 100 KB, is {new FileInfo(run.Summary.ReportPath).Length / 1024.0:N1} KB");
        Assert.DoesNotContain("cid:", html, StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("img"), i => Assert.StartsWith("data:image/png;base64,", i.GetAttribute("src"), StringComparison.Ordinal));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("src") is { } src && !src.StartsWith("data:image/png;base64,", StringComparison.Ordinal));
    }
}
