using System.CommandLine;
using CrmEtl.Core;
using CrmEtl.Core.Resources;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl status</c>: which built-in files the project overrides, adds or switches off, and which built-ins changed since they were copied.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "The project's crmetl.json (default: ./crmetl.json)" };
        var command = new Command("status", "List the SQL and template files the project overrides, adds or switches off.") { config };
        command.SetAction(result => UserErrors.Handle(console, () => Execute(console, ProjectDirectory(result.GetValue(config)))));
        return command;
    }

    private static string ProjectDirectory(FileInfo? config)
    {
        var path = config?.FullName ?? Path.GetFullPath("crmetl.json");
        return File.Exists(path)
            ? Path.GetDirectoryName(path)!
            : throw new CrmEtlException($"{path}: no such file; give the project's crmetl.json with --config, or run `crmetl init DIR` to start one.");
    }

    public static int Execute(CliConsole console, string projectDirectory)
    {
        var files = ProjectOverride.Of(projectDirectory);
        var count = (OverrideKind kind) => files.Count(f => f.Kind == kind);
        console.Out.MarkupLine(Markup.Escape(
            $"{projectDirectory}: {count(OverrideKind.Replaces)} file(s) replace built-in ones, {count(OverrideKind.Adds)} added, " +
            $"{count(OverrideKind.SwitchesOff)} switched off; every other file is built in."));
        foreach (var file in files)
        {
            var kind = file.Kind switch
            {
                OverrideKind.Replaces => "replaces",
                OverrideKind.Adds => "adds",
                _ => "switches off",
            };
            var note = file.SameAsBuiltIn ? " (same as built-in)" : string.Empty;
            console.Out.MarkupLine(Markup.Escape($"  {kind,-13}{file.Path}{note}"));
        }

        foreach (var file in files.Where(f => f.BuiltInChanged))
        {
            var advice = file.UneditedCopy
                ? "this copy was never edited: delete it to use the new built-in version"
                : "compare it with the new version (`crmetl init --all` into an empty folder writes it) and merge the change";
            console.Out.MarkupLine(Markup.Escape($"! {file.Path}: the built-in version changed since `crmetl init` copied it; {advice}."));
        }

        return 0;
    }
}
