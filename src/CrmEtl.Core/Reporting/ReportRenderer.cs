using CrmEtl.Core.Resources;
using Scriban;
using Scriban.Runtime;

namespace CrmEtl.Core.Reporting;

/// <summary>Renders <c>templates/report.sbn-html</c> with a report model into one HTML string.</summary>
public static class ReportRenderer
{
    public const string MainTemplate = "report.sbn-html";

    public static string Render(string templatesDirectory, ReportModel model)
    {
        var path = Path.Combine(templatesDirectory, MainTemplate);
        var label = ProjectFiles.Label(path);
        if (!File.Exists(path))
        {
            throw new CrmEtlException($"{label}: report template not found.");
        }

        var template = Template.Parse(File.ReadAllText(path), label);
        if (template.HasErrors)
        {
            throw new CrmEtlException($"{label}: the template does not parse:\n{string.Join('\n', template.Messages)}");
        }

        var globals = new ScriptObject();
        globals.Import(model);
        var context = new TemplateContext
        {
            TemplateLoader = new TemplateFolderLoader(templatesDirectory),
            StrictVariables = true,
            LoopLimit = 0,
        };
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new CrmEtlException($"{label}: the template failed: {e.Message}", e);
        }
    }
}
