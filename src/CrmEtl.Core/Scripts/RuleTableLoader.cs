using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CrmEtl.Core.Resources;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Scripts;

/// <summary>Loads each <c>sql/rules/NAME.csv</c> as table NAME, before the scripts run; column types follow the values.</summary>
public static partial class RuleTableLoader
{
    public static IReadOnlyList<(string Table, long Rows)> Load(DuckDBConnection connection, IEnumerable<string> ruleFiles)
    {
        var loaded = new List<(string, long)>();
        foreach (var path in ruleFiles)
        {
            var table = Path.GetFileNameWithoutExtension(path);
            if (!TableName().IsMatch(table))
            {
                throw new CrmEtlException($"{ProjectFiles.Label(path)}: a rule file's name becomes a table name: use letters, digits and underscores.");
            }

            var file = RuleFile.Read(path, table);
            var types = Enumerable.Range(0, file.Columns.Count).Select(c => RuleColumnType.Infer(file, c)).ToList();
            connection.Execute(CreateTable(file, types));
            loaded.Add((table, file.Lines.Count));
        }

        return loaded;
    }

    private static string CreateTable(RuleFile file, List<string> types)
    {
        var columns = file.Columns.Select((name, i) => $"{SqlText.Identifier(name)} {types[i]}");
        var sql = new StringBuilder($"CREATE OR REPLACE TABLE {file.Table} ({string.Join(", ", columns)});");
        if (file.Lines.Count > 0)
        {
            var rows = file.Lines.Select(line =>
                "(" + string.Join(", ", line.Fields.Select((value, i) => value.Length == 0 ? "NULL" : $"CAST({SqlText.Literal(value)} AS {types[i]})")) + ")");
            sql.Append(CultureInfo.InvariantCulture, $"\nINSERT INTO {file.Table} VALUES {string.Join(",\n", rows)};");
        }

        return sql.ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TableName();
}
