using System.Diagnostics;

namespace CrmEtl.Tests.TestSupport;

/// <summary>
/// Debian's headless chromium, installed by scripts/install-test-deps.sh. Where it is absent the
/// browser checks report as skipped, unless CRMETL_REQUIRE_BROWSER=1 (as in CI), where they fail.
/// </summary>
public static class Chromium
{
    public static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CHROMIUM");
        return new[] { fromEnvironment, "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
    }

    public static bool Required => Environment.GetEnvironmentVariable("CRMETL_REQUIRE_BROWSER") == "1";

    /// <summary>Runs chromium headless on a local file and returns its standard output.</summary>
    public static string Run(string chromium, string profileDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-quic", $"--user-data-dir={profileDirectory}",
                 }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s");
        }

        return output.Result;
    }
}
