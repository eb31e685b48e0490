using CrmEtl.Core.Resources;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace CrmEtl.Core.Reporting;

/// <summary>Resolves <c>include 'partials/_x.sbn-html'</c> against the templates folder, and nowhere else.</summary>
internal sealed class TemplateFolderLoader(string templatesDirectory) : ITemplateLoader
{
    private readonly string root = Path.GetFullPath(templatesDirectory);

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        var path = Path.GetFullPath(Path.Combine(root, templateName));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CrmEtlException($"{callerSpan.FileName}: include '{templateName}' points outside {ProjectFiles.Label(root)}.");
        }

        return path;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        File.Exists(templatePath)
            ? File.ReadAllText(templatePath)
            : throw new CrmEtlException($"{callerSpan.FileName}({callerSpan.Start.Line + 1}): included template {ProjectFiles.Label(templatePath)} not found.");

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}
