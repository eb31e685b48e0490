using System.Text.Json;
using CrmEtl.Core;
using CrmEtl.Core.Reporting;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Mail;

/// <summary>The small fixture as a project whose crmetl.json mails its report.</summary>
internal static class MailProject
{
    public const string From = "CRM reports <reports@example.com>";
    public static readonly string[] To = ["director@example.com", "lead@example.com"];
    public const string Cc = "analyst@example.com";

    /// <summary>A 1×1 PNG, enough for a mail client to show and for a test to compare byte for byte.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>Writes crmetl.json with the small sources and a mail section; <paramref name="smtp"/> is the smtp object's JSON.</summary>
    public static string WriteConfig(TempDirectory temp, string? smtp, string extraMail = "")
    {
        var sources = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["purchases"] = new { path = Fixtures.Path("small/purchases.csv") },
            ["leads"] = new { path = Fixtures.Path("small/leads.csv") },
        });
        var smtpEntry = smtp is null ? string.Empty : $", \"smtp\": {smtp}";
        return temp.File("crmetl.json", $$"""
            {
              "asOf": "2024-04-01",
              "sources": {{sources}},
              "mail": {
                "from": "{{From}}",
                "to": ["{{To[0]}}", "{{To[1]}}"],
                "cc": "{{Cc}}",
                "replyTo": "analyst@example.com"{{extraMail}}{{smtpEntry}}
              }
            }
            """);
    }

    public static string PlainSmtp(int port, string extra = "") =>
        $$"""{ "host": "127.0.0.1", "port": {{port}}, "security": "none"{{extra}} }""";

    /// <summary>The run's reports plus a short "funnel" report carrying two charts by Content-ID, as the charted reports will.</summary>
    public static RunSummary WithChartedFunnelReport(RunSummary summary)
    {
        var full = summary.Reports.Single(r => r.Name == "report");
        var html = full.Html.Replace(
            "</body>",
            """<img src="cid:kpi-trend" alt="Revenue by month" width="640"><img src="cid:holdout-tracking" alt="Tracking"></body>""",
            StringComparison.Ordinal);
        Assert.NotEqual(full.Html, html);
        var funnel = new RenderedReport("funnel", html, [
            .. full.Images,
            new ReportImage("kpi-trend", "Revenue by month", Png),
            new ReportImage("holdout-tracking", "Tracking", [.. Png, 0]),
        ]);
        return summary with { Reports = [funnel, full] };
    }
}
