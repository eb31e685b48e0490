using System.Text.RegularExpressions;
using CrmEtl.Core.Resources;
using CrmEtl.Core.Scripts;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Validation;

/// <summary>
/// Runs scripts statement by statement on the empty inputs, recording every failing statement
/// instead of stopping at the first. A statement that fails leaves its table uncreated; the
/// errors of later statements that only say so ("Table with name customer_tiers does not
/// exist") are counted, not listed. A project script that fails is followed by the built-in
/// script it replaces, so that the scripts after it are still checked against the tables they expect.
/// </summary>
internal sealed partial class ScriptCheck(DuckDBConnection connection, ValidationReport report)
{
    private readonly HashSet<string> missing = new(StringComparer.OrdinalIgnoreCase);

    public void Run(IEnumerable<SqlScript> scripts)
    {
        foreach (var script in scripts)
        {
            report.Scripts++;
            if (!RunStatements(script, record: true) && BuiltInText(script) is { } builtIn)
            {
                RunStatements(script with { Text = builtIn }, record: false);
            }
        }
    }

    /// <summary>Runs each test query: an error is a problem; with <paramref name="ruleTables"/> (rule tests), so is each offending row.</summary>
    public void RunTests(IEnumerable<SqlScript> tests, RuleTableCheck? ruleTables)
    {
        foreach (var test in tests)
        {
            report.Scripts++;
            var label = ProjectFiles.Label(test.Path);
            if (SqlStatementSplitter.Split(test.Text) is not [var query])
            {
                report.Problem($"{label}: a test is exactly one query returning the offending rows.");
                continue;
            }

            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = query.Text;
                using var reader = command.ExecuteReader();
                ruleTables?.ReportOffenders(test, reader);
            }
            catch (DuckDBException e)
            {
                Fail(label, test.Text, query, e);
            }
        }
    }

    /// <summary>Objects a stage outside the scripts failed to create: errors about them later are follow-on errors.</summary>
    public void Missing(params string[] names) => missing.UnionWith(names);

    /// <summary>An error that follows from an object an earlier failure left uncreated.</summary>
    public bool FollowsFromEarlierError(string message) =>
        MissingObject().Match(message) is { Success: true } match && missing.Contains(match.Groups["name"].Value.Trim('"'));

    private bool RunStatements(SqlScript script, bool record)
    {
        var label = ProjectFiles.Label(script.Path);
        var succeeded = true;
        foreach (var statement in SqlStatementSplitter.Split(script.Text))
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = statement.Text;
                command.ExecuteNonQuery();
                if (CreatedObject().Match(statement.Text) is { Success: true } created)
                {
                    missing.Remove(created.Groups["name"].Value.Trim('"'));
                }
            }
            catch (DuckDBException e)
            {
                succeeded = false;
                if (CreatedObject().Match(statement.Text) is { Success: true } created)
                {
                    missing.Add(created.Groups["name"].Value.Trim('"'));
                }

                if (record)
                {
                    Fail(label, script.Text, statement, e);
                }
            }
        }

        return succeeded;
    }

    private void Fail(string label, string text, SqlStatement statement, DuckDBException error)
    {
        if (FollowsFromEarlierError(error.Message))
        {
            report.FollowOnErrors++;
            return;
        }

        report.Problem(SqlErrorPlace.Describe(label, text, statement, error.Message));
    }

    /// <summary>The built-in version of a project script that replaces one, when it differs.</summary>
    private static string? BuiltInText(SqlScript script)
    {
        if (ProjectFiles.IsBuiltIn(script.Path) || ProjectFiles.ReadBuiltIn("sql/" + script.Name) is not { } bytes)
        {
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return text == script.Text ? null : text;
    }

    [GeneratedRegex(@"^\s*CREATE\s+(OR\s+REPLACE\s+)?(TEMP(ORARY)?\s+)?(TABLE|VIEW|MACRO|FUNCTION)\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>[\w""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedObject();

    [GeneratedRegex(@"with name (?<name>""?[\w]+""?) does not exist", RegexOptions.IgnoreCase)]
    private static partial Regex MissingObject();
}
