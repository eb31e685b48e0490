using Scriban;
using Scriban.Runtime;

namespace CrmEtl.Core.Mail;

/// <summary>
/// The subject line, a Scriban template over <c>title</c>, <c>as_of</c> (YYYY-MM-DD), <c>run_id</c>
/// and <c>report</c>. The default carries the as-of date, so each week's mail starts its own
/// thread instead of folding into last week's.
/// </summary>
public static class MailSubject
{
    public static string Render(string subjectTemplate, string title, DateOnly asOf, int runId, string report, string key = "mail.subject")
    {
        var template = Template.Parse(subjectTemplate);
        if (template.HasErrors)
        {
            throw new CrmEtlException($"{key}: the subject template does not parse: {string.Join("; ", template.Messages)}");
        }

        var globals = new ScriptObject
        {
            ["title"] = title,
            ["as_of"] = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["run_id"] = runId,
            ["report"] = report,
        };
        var context = new TemplateContext { StrictVariables = true };
        context.PushGlobal(globals);
        try
        {
            // A subject is one line: a newline in a header would end it.
            return string.Join(' ', template.Render(context).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new CrmEtlException($"{key}: {e.OriginalMessage} (the subject can use title, as_of, run_id and report).", e);
        }
    }

    /// <summary>Fails early, when the config is read, on a subject that could not be rendered.</summary>
    public static void Check(string subjectTemplate, string key) =>
        Render(subjectTemplate, "Customer lifecycle report", new DateOnly(2024, 12, 31), 1, "report", key);
}
