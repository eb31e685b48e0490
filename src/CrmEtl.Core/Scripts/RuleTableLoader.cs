using System.Text.RegularExpressions;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Scripts;

/// <summary>Loads each <c>sql/rules/NAME.csv</c> as table NAME, before the scripts run.</summary>
public static partial class RuleTableLoader
{
    public static IReadOnlyList<(string Table, long Rows)> Load(DuckDBConnection connection, IEnumerable<string> ruleFiles)
    {
        var loaded = new List<(string, long)>();
        foreach (var file in ruleFiles)
        {
            var table = Path.GetFileNameWithoutExtension(file);
            if (!TableName().IsMatch(table))
            {
                throw new CrmEtlException($"{file}: a rule file's name becomes a table name: use letters, digits and underscores.");
            }

            try
            {
                connection.Execute($"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv({SqlText.Literal(file)}, header = true)");
            }
            catch (DuckDBException e)
            {
                throw new CrmEtlException($"{file}: the rule table cannot be read: {e.Message.Split('\n')[0]}", e);
            }

            loaded.Add((table, connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}")));
        }

        return loaded;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TableName();
}
