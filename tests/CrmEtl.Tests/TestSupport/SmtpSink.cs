using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;

namespace CrmEtl.Tests.TestSupport;

/// <summary>A message the sink accepted, with the envelope the client gave (RCPT TO includes Cc and Bcc).</summary>
public sealed record ReceivedMail(MimeMessage Message, string MailFrom, IReadOnlyList<string> Recipients, string? Login);

/// <summary>
/// A real SMTP server on 127.0.0.1 (aiosmtpd, see smtp_sink.py), started per test on a free port
/// and stopped on dispose. Without Debian's python3-aiosmtpd (scripts/install-test-deps.sh) the
/// tests that need it are skipped, except in CI (CI=true) or with CRMETL_REQUIRE_BROWSER=1, where
/// they fail.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private static readonly Lazy<string?> PythonWithAiosmtpd = new(FindPython);
    private readonly Process process;
    private readonly TempDirectory folder = new();
    private readonly List<string> errors = [];

    private SmtpSink(string python, string[] options)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "TestSupport", "smtp_sink.py"), "--dir", folder.Path }.Concat(options))
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is not { } listening || !listening.StartsWith("listening ", StringComparison.Ordinal))
        {
            Dispose();
            throw new InvalidOperationException($"the SMTP sink did not start listening within 30 s: {string.Join('\n', errors)}");
        }

        Port = int.Parse(listening["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Port { get; }

    public static bool Required =>
        Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("CRMETL_REQUIRE_BROWSER") == "1";

    /// <summary>Starts a sink; options: --reject ADDRESS, --auth USER:PASSWORD.</summary>
    public static SmtpSink Start(params string[] options)
    {
        var python = PythonWithAiosmtpd.Value;
        Assert.False(python is null && Required, "python3-aiosmtpd is not installed: run scripts/install-test-deps.sh");
        Skip.If(python is null, "python3-aiosmtpd is not installed (scripts/install-test-deps.sh): the SMTP tests are skipped");
        return new SmtpSink(python!, options);
    }

    /// <summary>A port on 127.0.0.1 where nothing listens: connecting is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public IReadOnlyList<ReceivedMail> Received() =>
        Directory.GetFiles(folder.Path, "*.eml")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture))
            .Select(Read)
            .ToList();

    private static ReceivedMail Read(string emlPath)
    {
        using var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(emlPath, ".json")));
        var root = envelope.RootElement;
        return new ReceivedMail(
            MimeMessage.Load(emlPath),
            root.GetProperty("mail_from").GetString()!,
            root.GetProperty("rcpt_tos").EnumerateArray().Select(r => r.GetString()!).ToList(),
            root.GetProperty("login").GetString());
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        folder.Dispose();
    }

    /// <summary>
    /// Debian's python first: a python3 earlier on the PATH (pyenv, a venv) may not see Debian's
    /// packages. CRMETL_TEST_PYTHON names another one (one without aiosmtpd shows the skip).
    /// </summary>
    private static string? FindPython() =>
        (Environment.GetEnvironmentVariable("CRMETL_TEST_PYTHON") is { Length: > 0 } chosen ? [chosen] : new[] { "/usr/bin/python3", "python3" })
            .FirstOrDefault(HasAiosmtpd);

    private static bool HasAiosmtpd(string python)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import aiosmtpd"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            probe.WaitForExit(TimeSpan.FromSeconds(30));
            return probe.HasExited && probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
