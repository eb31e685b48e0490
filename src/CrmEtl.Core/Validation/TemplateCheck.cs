using CrmEtl.Core.Reporting;
using CrmEtl.Core.Resources;
using Scriban;
using Scriban.Parsing;

namespace CrmEtl.Core.Validation;

/// <summary>Parses every template (reports, partials, mail text parts) and reports each Scriban syntax error at its line and column.</summary>
internal static class TemplateCheck
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
        }

        report.Try(() => ReportTemplates.Select(templatesDirectory, chosenReports));
    }
}
