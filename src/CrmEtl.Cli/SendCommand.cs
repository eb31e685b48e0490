using System.CommandLine;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Mail;
using CrmEtl.Core.Resources;
using MimeKit;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl send</c>: deliver the last run's report mail (<c>out/NAME.eml</c>) over the SMTP server of <c>crmetl.json</c>.</summary>
internal static class SendCommand
{
    public static Command Create(CliConsole console)
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "A crmetl.json with a mail section (default: ./crmetl.json)" };
        var output = new Option<string>("--out", "-o") { Description = "Output folder of the run: its NAME.eml is sent, its crm.duckdb journals it", DefaultValueFactory = _ => "out" };
        var eml = new Option<FileInfo?>("--eml") { Description = "The message to send (default: the mail body's report, out/funnel.eml or out/report.eml)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors" };

        var command = new Command("send", "Send the last run's report mail over SMTP (mail section of crmetl.json; exit code 4 if it is not delivered).")
        {
            config, output, eml, quiet,
        };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console, ReadConfig(result.GetValue(config)), result.GetValue(output)!, result.GetValue(eml)?.FullName, result.GetValue(quiet))));
        return command;
    }

    public static int Execute(CliConsole console, ProjectConfig config, string outputDirectory, string? emlPath = null, bool quiet = false)
    {
        var smtp = RequireSmtp(config, "crmetl send");
        var database = Path.Combine(outputDirectory, "crm.duckdb");
        var path = emlPath ?? FindEml(config.Mail!, outputDirectory);
        if (!File.Exists(path))
        {
            throw new CrmEtlException($"{path}: no such message.");
        }

        if (!File.Exists(database))
        {
            throw new CrmEtlException($"{database}: database not found; run `crmetl run --out {outputDirectory}` first.");
        }

        var entry = ReportMailer.Deliver(MimeMessage.Load(path), smtp, database);
        if (!quiet)
        {
            PrintSent(console, path, entry);
        }

        return 0;
    }

    /// <summary>After <c>crmetl run</c>: writes the .eml when asked (or when the config has a mail section) and sends it with <c>--send</c>.</summary>
    public static void AfterRun(CliConsole console, RunSummary summary, ProjectConfig config, bool eml, bool send, bool quiet)
    {
        if (!eml && !send && config.Mail is null)
        {
            return;
        }

        var settings = config.Mail ?? MailSettings.Preview;
        var templates = ProjectFiles.Resolve(config.ProjectDirectory).TemplatesDirectory;
        var (path, message) = ReportMail.Write(summary, settings, templates);
        if (!quiet)
        {
            console.Out.MarkupLine($"  mail:     {Markup.Escape(path)}");
        }

        if (send)
        {
            var entry = ReportMailer.Deliver(message, settings.Smtp!, summary.DatabasePath);
            if (!quiet)
            {
                PrintSent(console, path, entry);
            }
        }
    }

    /// <summary>Checked before a run with <c>--send</c>, so a missing server is known before the work, not after.</summary>
    public static SmtpSettings RequireSmtp(ProjectConfig config, string what) =>
        config.Mail?.Smtp ?? throw new CrmEtlException(
            $"{what} needs a mail section with an smtp server in crmetl.json (--config); see \"Mailing the report\" in the README.");

    private static string FindEml(MailSettings settings, string outputDirectory)
    {
        var names = settings.Body is { } body ? [body] : MailSettings.DefaultBodies;
        var candidates = names.Select(name => ReportMail.EmlPath(outputDirectory, name)).ToList();
        return candidates.FirstOrDefault(File.Exists) ?? throw new CrmEtlException(
            $"{candidates[0]}: no report mail to send; `crmetl run` writes it when crmetl.json has a mail section (or with --eml), `crmetl run --send` sends it at once.");
    }

    private static void PrintSent(CliConsole console, string path, MailLogEntry entry) =>
        console.Out.MarkupLine($"[green]✓[/] {"mail",-16} {Markup.Escape(Path.GetFileName(path))} sent to {Markup.Escape(entry.Recipients)} via {Markup.Escape(entry.Server)}");

    private static ProjectConfig ReadConfig(FileInfo? file)
    {
        var path = file?.FullName ?? (File.Exists("crmetl.json") ? Path.GetFullPath("crmetl.json") : null);
        return path is null
            ? throw new CrmEtlException("crmetl send needs a crmetl.json with a mail section: give --config, or run it in the folder that has one.")
            : ConfigReader.Read(path);
    }
}
