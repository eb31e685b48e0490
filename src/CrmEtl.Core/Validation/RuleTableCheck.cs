using System.Data;
using System.Globalization;
using CrmEtl.Core.Resources;
using CrmEtl.Core.Scripts;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Validation;

/// <summary>
/// Loads the rule tables as a run does, each on its own so that every broken file is reported,
/// and checks a project's copy of a built-in table against the built-in one: the same columns,
/// numbers where it has numbers. A rule test's offending rows are traced back to their lines.
/// </summary>
/// <param name="missing">Told of a rule table that could not be loaded at all, so that the scripts' errors about it count as follow-on errors.</param>
internal sealed class RuleTableCheck(DuckDBConnection connection, ValidationReport report, Action<string> missing)
{
    private const int OffendersShown = 3;

    private readonly List<RuleFile> loaded = [];

    public void Load(IEnumerable<string> ruleFiles)
    {
        foreach (var path in ruleFiles)
        {
            report.RuleTables++;
            var table = Path.GetFileNameWithoutExtension(path);
            if (report.Try(() => RuleTableLoader.Load(connection, [path])))
            {
                var file = RuleFile.Read(path, table);
                loaded.Add(file);
                CompareWithBuiltIn(file);
            }
            else if (!WithBuiltInCopy(path, builtInPath => RuleTableLoader.Load(connection, [builtInPath])))
            {
                missing(table);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="use"/> on a temporary copy of the built-in version of a project's rule
    /// file (named as the file, so it loads as the same table); false when there is none.
    /// A broken project table is replaced by the built-in one so that the scripts are still checked.
    /// </summary>
    private static bool WithBuiltInCopy(string path, Action<string> use)
    {
        if (ProjectFiles.IsBuiltIn(path) || ProjectFiles.ReadBuiltIn($"sql/rules/{Path.GetFileName(path)}") is not { } bytes)
        {
            return false;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"crmetl-validate-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var copy = Path.Combine(folder, Path.GetFileName(path));
            File.WriteAllBytes(copy, bytes);
            use(copy);
            return true;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A rule test's offending rows, each named by the rule file line it matches (when one does).</summary>
    public void ReportOffenders(SqlScript test, IDataReader reader)
    {
        var shown = 0;
        var count = 0;
        while (reader.Read())
        {
            if (count++ >= OffendersShown)
            {
                continue;
            }

            var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(
                reader.GetName,
                i => reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty,
                StringComparer.OrdinalIgnoreCase);
            var values = string.Join(", ", row.Select(v => $"{v.Key}={(v.Value.Length == 0 ? "NULL" : v.Value)}"));
            var place = LineOf(row) is { } line ? $"{ProjectFiles.Label(line.File.Path)}, line {line.Number}" : ProjectFiles.Label(test.Path);
            report.Problem($"{place}: fails the rule test {test.Name} ({values}){WhatItChecks(test)}.");
            shown++;
        }

        if (count > shown)
        {
            report.Problem($"{ProjectFiles.Label(test.Path)}: {count - shown} more offending row(s) than shown above.");
        }
    }

    /// <summary>What the test checks, from the comment lines it starts with (the built-in tests say it there).</summary>
    private static string WhatItChecks(SqlScript test)
    {
        var comment = string.Join(" ", test.Text.Split('\n').Select(l => l.Trim()).TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal)).Select(l => l.TrimStart('-').Trim()));
        return comment.Length == 0 ? string.Empty : $"; the test: {comment.TrimEnd('.')}";
    }

    /// <summary>The rule file line whose values are the row's, for a row that comes from one rule table.</summary>
    private (RuleFile File, long Number)? LineOf(Dictionary<string, string> row)
    {
        foreach (var file in loaded.Where(f => row.Keys.All(k => f.Columns.Contains(k, StringComparer.OrdinalIgnoreCase))))
        {
            var indexes = row.Keys.Select(k => file.Columns.ToList().FindIndex(c => c.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
            var keys = row.Keys.ToList();
            var match = file.Lines.FirstOrDefault(line => indexes.Select((index, i) => SameValue(line.Fields[index], row[keys[i]])).All(same => same));
            if (match is not null)
            {
                return (file, match.Number);
            }
        }

        return null;
    }

    private static bool SameValue(string field, string value) =>
        field == value
        || (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b)
        || string.Equals(field, value, StringComparison.OrdinalIgnoreCase) && bool.TryParse(field, out _);

    /// <summary>The scripts read a rule table by the built-in table's columns: a project's copy must have them all.</summary>
    private void CompareWithBuiltIn(RuleFile file) => WithBuiltInCopy(file.Path, builtInPath =>
    {
        var builtIn = RuleFile.Read(builtInPath, file.Table);
        var lacking = builtIn.Columns.Where(c => !file.Columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (lacking.Count > 0)
        {
            report.Problem(
                $"{ProjectFiles.Label(file.Path)}, line 1: the header lacks {string.Join(", ", lacking.Select(m => $"'{m}'"))}; " +
                $"the scripts read the columns {string.Join(",", builtIn.Columns)} (the built-in table's header).");
        }

        foreach (var column in builtIn.Columns.Where(c => file.Columns.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            CheckNumbers(file, builtIn, column);
        }
    });

    /// <summary>A column of numbers in the built-in table that came out as text is a typo the scripts would only meet at run time.</summary>
    private void CheckNumbers(RuleFile file, RuleFile builtIn, string column)
    {
        var builtInIndex = builtIn.Columns.ToList().FindIndex(c => c.Equals(column, StringComparison.OrdinalIgnoreCase));
        var index = file.Columns.ToList().FindIndex(c => c.Equals(column, StringComparison.OrdinalIgnoreCase));
        var isNumber = (string v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        var builtInValues = builtIn.Lines.Select(l => l.Fields[builtInIndex]).Where(v => v.Length > 0).ToList();
        if (builtInValues.Count == 0 || !builtInValues.All(isNumber))
        {
            return;
        }

        if (file.Lines.FirstOrDefault(l => l.Fields[index].Length > 0 && !isNumber(l.Fields[index])) is { } line)
        {
            report.Problem(
                $"{ProjectFiles.Label(file.Path)}, line {line.Number}, column '{file.Columns[index]}': \"{line.Fields[index]}\" is not a number " +
                "(e.g. 1000 or 12.5); leave the field empty for no value.");
        }
    }
}
