using System.Diagnostics;

namespace CrmEtl.Tests.TestSupport;

/// <summary>The built crmetl binary run as cron runs it: its own process, output into pipes.</summary>
public static class CrmetlProcess
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmetl.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result.ReplaceLineEndings("\n"), stderr.ReplaceLineEndings("\n"));
    }
}
