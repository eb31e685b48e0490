using CrmEtl.Core.Reporting;
using Scriban;
using Scriban.Runtime;

namespace CrmEtl.Core.Mail;

/// <summary>
/// The plain-text part: <c>templates/NAME.sbn-txt</c> when the project has one (it sees the same
/// model as the HTML template), else the built-in <see cref="PlainTextReport"/>.
/// </summary>
public static class TextBodyTemplate
{
    public const string Extension = ".sbn-txt";

    public static string Render(string templatesDirectory, string reportName, ReportModel model)
    {
        var path = Path.Combine(templatesDirectory, reportName + Extension);
        if (!File.Exists(path))
        {
            return PlainTextReport.Render(model);
        }

        var template = Template.Parse(File.ReadAllText(path), path);
        if (template.HasErrors)
        {
            throw new CrmEtlException($"{path}: the template does not parse:\n{string.Join('\n', template.Messages)}");
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
            throw new CrmEtlException($"{path}: the template failed: {e.Message}", e);
        }
    }
}
