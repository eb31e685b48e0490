namespace CrmEtl.Core.Reporting;

/// <summary>
/// The reports of a project: every top-level <c>templates/NAME.sbn-html</c> is one, rendered to
/// <c>NAME.html</c> (partials live in <c>templates/partials/</c>). A config may pick some by name.
/// </summary>
public static class ReportTemplates
{
    public const string Extension = ".sbn-html";

    public const string MainReport = "report";

    public static IReadOnlyList<string> Available(string templatesDirectory) =>
        Directory.Exists(templatesDirectory)
            ? [.. Directory.EnumerateFiles(templatesDirectory, "*" + Extension)
                .Select(p => Path.GetFileName(p)[..^Extension.Length])
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The reports to render: those the config names, in its order, else every one.</summary>
    public static IReadOnlyList<string> Select(string templatesDirectory, IReadOnlyList<string>? chosen)
    {
        var available = Available(templatesDirectory);
        if (chosen is null)
        {
            return available.Count > 0
                ? available
                : throw new CrmEtlException($"{templatesDirectory}: no report template (*{Extension}) found; `crmetl init` writes the default ones.");
        }

        foreach (var name in chosen.Where(n => !available.Contains(n, StringComparer.Ordinal)))
        {
            throw new CrmEtlException(
                $"reports: there is no template {Path.Combine(templatesDirectory, name + Extension)}; the reports there are {string.Join(", ", available)}.");
        }

        return [.. chosen.Distinct(StringComparer.Ordinal)];
    }
}
