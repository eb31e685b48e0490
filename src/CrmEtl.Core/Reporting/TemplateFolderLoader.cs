using CrmEtl.Core.Resources;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace CrmEtl.Core.Reporting;

/// <summary>
/// Resolves <c>include 'partials/_x.sbn-html'</c> against the templates folder, and nowhere else.
/// A built-in partial the project switched off (an empty file of the same path) renders nothing,
/// so a project drops a section by emptying its partial.
/// </summary>
internal sealed class TemplateFolderLoader(string templatesDirectory) : ITemplateLoader
{
    private readonly string root = Path.GetFullPath(templatesDirectory);

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        var path = Path.GetFullPath(Path.Combine(root, templateName));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CrmEtlException($"{Including(callerSpan)}: include '{templateName}' points outside {ProjectFiles.Label(root)}.");
        }

        return path;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
    {
        if (File.Exists(templatePath))
        {
            return File.ReadAllText(templatePath);
        }

        return ProjectFiles.IsSwitchedOff(templatePath)
            ? string.Empty
            : throw new CrmEtlException(
                $"{Including(callerSpan)}, line {callerSpan.Start.Line + 1}: it includes {Path.GetRelativePath(root, templatePath).Replace('\\', '/')}, " +
                $"which is neither in the project's templates/ folder nor built in. Add the file, or remove the include.");
    }

    /// <summary>The including template as the user knows it (its project path, or "built-in templates/…").</summary>
    private static string Including(SourceSpan callerSpan) => ProjectFiles.Label(callerSpan.FileName);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}
