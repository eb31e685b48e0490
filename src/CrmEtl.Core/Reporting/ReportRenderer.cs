using CrmEtl.Core.Resources;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;

namespace CrmEtl.Core.Reporting;

/// <summary>Renders one report template (<c>templates/NAME.sbn-html</c>) with a report model.</summary>
public static partial class ReportRenderer
{
    public static RenderedReport Render(string templatesDirectory, string name, ReportModel model)
    {
        var path = Path.Combine(templatesDirectory, name + ReportTemplates.Extension);
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
        globals.SetValue("report_name", name, readOnly: true);
        var context = new TemplateContext
        {
            TemplateLoader = new TemplateFolderLoader(templatesDirectory),
            StrictVariables = true,
            LoopLimit = 0,
        };
        context.PushGlobal(globals);
        string html;
        try
        {
            html = template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e) when (e.InnerException is CrmEtlException loaderError)
        {
            // An include the loader refused: its message names the including template already.
            throw new CrmEtlException(loaderError.Message, e);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new CrmEtlException($"{label}: the template failed: {e.Message}", e);
        }

        // Indentation is for whoever edits the templates; the mail body does without it (Gmail clips at about 102 KB).
        html = Indentation().Replace(html, "\n");

        // Only the charts this template shows travel with it (a short report attaches none).
        var images = model.Charts.Values.Where(image => html.Contains($"cid:{image.ContentId}", StringComparison.Ordinal)).ToList();
        return new RenderedReport(name, html, images);
    }

    [GeneratedRegex(@"\n[ \t]+")]
    private static partial Regex Indentation();
}
