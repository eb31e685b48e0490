using CrmEtl.Core.Reporting;
using CrmEtl.Core.Resources;
using Scriban;
using System.Text.RegularExpressions;
using Scriban.Parsing;

namespace CrmEtl.Core.Validation;

/// <summary>
/// Parses every template (reports, partials, mail text parts) and reports each Scriban syntax
/// error at its line and column, and each <c>include</c> of a partial that is neither in the
/// project nor built in. A partial the project switched off (an empty file) renders nothing, as in
/// a run, and is no problem.
/// </summary>
internal static partial class TemplateCheck
{
    private static readonly string[] Extensions = [ReportTemplates.Extension, Mail.TextBodyTemplate.Extension];

    public static void Run(string templatesDirectory, IReadOnlyList<string>? chosenReports, ValidationReport report)
    {
        var templates = Directory.Exists(templatesDirectory)
            ? Directory.EnumerateFiles(templatesDirectory, "*", SearchOption.AllDirectories)
                .Where(p => Extensions.Any(e => p.EndsWith(e, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        foreach (var path in templates)
        {
            report.Templates++;
            var label = ProjectFiles.Label(path);
            var template = Template.Parse(File.ReadAllText(path), label);
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error))
            {
                report.Problem($"{label}, line {message.Span.Start.Line + 1}, column {message.Span.Start.Column + 1}: {message.Message}");
            }

            CheckIncludes(templatesDirectory, path, label, report);
        }

        report.Try(() => ReportTemplates.Select(templatesDirectory, chosenReports));
    }

    private static void CheckIncludes(string templatesDirectory, string path, string label, ValidationReport report)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match include in IncludedName().Matches(lines[i]))
            {
                var name = include.Groups["name"].Value;
                var included = Path.Combine(templatesDirectory, name);
                if (!File.Exists(included) && !ProjectFiles.IsSwitchedOff(included))
                {
                    report.Problem(
                        $"{label}, line {i + 1}, column {include.Index + 1}: includes '{name}', which is neither in the project's templates/ folder nor built in. " +
                        "Add the file, or remove the include.");
                }
            }
        }
    }

    [GeneratedRegex(@"\binclude\s+['""](?<name>[^'""]+)['""]")]
    private static partial Regex IncludedName();
}
