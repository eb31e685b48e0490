using System.Collections.Concurrent;
using System.Diagnostics;

namespace CrmEtl.Tests.TestSupport;

/// <summary>The built crmetl binary run as cron runs it: its own process, output into pipes.</summary>
public static class CrmetlProcess
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result.ReplaceLineEndings("\n"), stderr.ReplaceLineEndings("\n"));
    }

    /// <summary>Starts crmetl and returns while it runs, for a test to act at a point it prints (a stage's progress line).</summary>
    public static RunningCrmetl Start(params string[] arguments) => new(Process.Start(StartInfo(arguments))!);

    private static ProcessStartInfo StartInfo(string[] arguments)
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

        return start;
    }
}

/// <summary>A crmetl process under way: its stdout line by line as it comes, and signals to pause, resume or kill it.</summary>
public sealed class RunningCrmetl : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly Process process;
    private readonly BlockingCollection<string> lines = [];
    private readonly List<string> seen = [];
    private readonly Task<string> stderr;
    private readonly Task reading;

    internal RunningCrmetl(Process process)
    {
        this.process = process;
        stderr = process.StandardError.ReadToEndAsync();
        reading = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
            }

            lines.CompleteAdding();
        });
    }

    public int Id => process.Id;

    /// <summary>Blocks until the process prints a line that satisfies <paramref name="wanted"/>; fails if it ends first.</summary>
    public string WaitForLine(Func<string, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Patience);
        foreach (var line in lines.GetConsumingEnumerable(timeout.Token))
        {
            seen.Add(line);
            if (wanted(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"crmetl ended (exit {Exit()}) without printing the line waited for. It printed:\n{string.Join('\n', seen)}\n{stderr.Result}");
    }

    /// <summary>SIGSTOP: the process stops where it is, holding every file and lock it has open.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: it goes on from where it was paused.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>SIGKILL, as the OOM killer or a power cut would end it: no cleanup runs.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public int Exit()
    {
        if (!process.WaitForExit(Patience))
        {
            throw new TimeoutException("crmetl did not finish in time.");
        }

        reading.Wait();
        return process.ExitCode;
    }

    public string Stderr => stderr.Result.ReplaceLineEndings("\n");

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Signal("CONT");
            process.Kill();
        }

        process.Dispose();
        lines.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed.");
        }
    }
}
