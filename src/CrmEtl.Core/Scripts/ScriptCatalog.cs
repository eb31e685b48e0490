using System.Text.RegularExpressions;
using CrmEtl.Core.Resources;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// The contents of a <c>sql/</c> folder: <c>NNN_name.sql</c> models run in name order before the
/// CLTV fit, <c>post_fit/NNN_name.sql</c> after it, <c>rules/*.csv</c> rule tables,
/// <c>tests/rules/*.sql</c> checks of the rule tables (run before the models),
/// <c>tests/*.sql</c> data tests and <c>parameters.csv</c> with the parameters' defaults.
/// </summary>
public sealed partial record ScriptCatalog(
    IReadOnlyList<SqlScript> Models,
    IReadOnlyList<SqlScript> PostFitModels,
    IReadOnlyList<string> RuleFiles,
    IReadOnlyList<SqlScript> RuleTests,
    IReadOnlyList<SqlScript> DataTests,
    string ParametersFile)
{
    public static ScriptCatalog Discover(string sqlDirectory)
    {
        if (!Directory.Exists(sqlDirectory))
        {
            throw new CrmEtlException($"{ProjectFiles.Label(sqlDirectory)}: SQL folder not found.");
        }

        return new ScriptCatalog(
            NumberedScripts(sqlDirectory, sqlDirectory),
            NumberedScripts(sqlDirectory, Path.Combine(sqlDirectory, "post_fit")),
            FilesIn(Path.Combine(sqlDirectory, "rules"), "*.csv"),
            FilesIn(Path.Combine(sqlDirectory, "tests", "rules"), "*.sql").Select(p => SqlScript.Read(sqlDirectory, p)).ToList(),
            FilesIn(Path.Combine(sqlDirectory, "tests"), "*.sql").Select(p => SqlScript.Read(sqlDirectory, p)).ToList(),
            Path.Combine(sqlDirectory, "parameters.csv"));
    }

    private static List<SqlScript> NumberedScripts(string sqlDirectory, string folder)
    {
        var scripts = FilesIn(folder, "*.sql");
        var misnamed = scripts.FirstOrDefault(p => !NumberedName().IsMatch(Path.GetFileName(p)));
        if (misnamed is not null)
        {
            throw new CrmEtlException(
                $"{ProjectFiles.Label(misnamed)}: script names start with a three-digit number that sets their order, e.g. 130_my_model.sql.");
        }

        return scripts.Select(p => SqlScript.Read(sqlDirectory, p)).ToList();
    }

    private static List<string> FilesIn(string folder, string pattern) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).ToList()
            : [];

    [GeneratedRegex(@"^\d{3}_[A-Za-z0-9_]+\.sql$")]
    private static partial Regex NumberedName();
}
