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
    /// <param name="misnamed">When given (by <c>crmetl validate</c>), told of each misnamed script, which is left out, instead of failing.</param>
    public static ScriptCatalog Discover(string sqlDirectory, Action<string>? misnamed = null)
    {
        if (!Directory.Exists(sqlDirectory))
        {
            throw new CrmEtlException($"{ProjectFiles.Label(sqlDirectory)}: SQL folder not found.");
        }

        return new ScriptCatalog(
            NumberedScripts(sqlDirectory, sqlDirectory, misnamed),
            NumberedScripts(sqlDirectory, Path.Combine(sqlDirectory, "post_fit"), misnamed),
            FilesIn(Path.Combine(sqlDirectory, "rules"), "*.csv"),
            FilesIn(Path.Combine(sqlDirectory, "tests", "rules"), "*.sql").Select(p => SqlScript.Read(sqlDirectory, p)).ToList(),
            FilesIn(Path.Combine(sqlDirectory, "tests"), "*.sql").Select(p => SqlScript.Read(sqlDirectory, p)).ToList(),
            Path.Combine(sqlDirectory, "parameters.csv"));
    }

    private static List<SqlScript> NumberedScripts(string sqlDirectory, string folder, Action<string>? misnamed)
    {
        var scripts = FilesIn(folder, "*.sql");
        foreach (var path in scripts.Where(p => !NumberedName().IsMatch(Path.GetFileName(p))))
        {
            var message = $"{ProjectFiles.Label(path)}: script names start with a three-digit number that sets their order, e.g. 130_my_model.sql.";
            if (misnamed is null)
            {
                throw new CrmEtlException(message);
            }

            misnamed(message);
        }

        return scripts.Where(p => NumberedName().IsMatch(Path.GetFileName(p))).Select(p => SqlScript.Read(sqlDirectory, p)).ToList();
    }

    private static List<string> FilesIn(string folder, string pattern) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).ToList()
            : [];

    [GeneratedRegex(@"^\d{3}_[A-Za-z0-9_]+\.sql$")]
    private static partial Regex NumberedName();
}
