using System.Buffers.Binary;
using CrmEtl.Tests.Analyses;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>The report as a person sees it: rendered by a real browser engine.</summary>
[Collection(SharedSeed000MonthRun.Name)]
public sealed class BrowserRenderTests(Seed000MonthRun seed)
{
    [SkippableFact]
    public void Chromium_renders_the_report_with_every_funnel_stage_and_a_screenshot()
    {
        var chromium = Chromium.Find();
        Skip.If(chromium is null && !Chromium.Required, "chromium is not installed: run scripts/install-test-deps.sh (as root) to run this check");
        Assert.True(chromium is not null, "chromium is not installed and CRMETL_REQUIRE_BROWSER=1 requires it: run scripts/install-test-deps.sh");

        using var temp = new TempDirectory();
        var url = new Uri(Path.GetFullPath(seed.Summary.ReportPath)).AbsoluteUri;

        var dom = Chromium.Run(chromium, temp.Combine("profile-dom"), "--dump-dom", url);
        var screenshot = temp.Combine("report.png");
        Chromium.Run(chromium, temp.Combine("profile-shot"), "--window-size=760,900", $"--screenshot={screenshot}", url);

        foreach (var stage in new[] { "Leads", "First Purchase", "Second Purchase", "Tier 1", "Tier 2", "Tier 3", "Power User" })
        {
            Assert.Contains($">{stage}</td>", dom);
        }

        var png = File.ReadAllBytes(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(760, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.True(png.Length > 20_000, $"a screenshot of the drawn report is more than a blank page ({png.Length} bytes)");
    }
}
