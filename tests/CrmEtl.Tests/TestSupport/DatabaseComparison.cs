using CrmEtl.Core;
using Dapper;

namespace CrmEtl.Tests.TestSupport;

/// <summary>
/// Compares every table and view of two output databases row for row (EXCEPT ALL both ways, so
/// rows count with their multiplicity and values must be equal to the last bit), leaving out
/// the columns a caller names as expected to differ.
/// </summary>
public static class DatabaseComparison
{
    /// <param name="ignored">Columns not compared, as "table.column".</param>
    /// <returns>One line per relation that differs (or exists in one database only): empty when the databases hold the same rows.</returns>
    public static List<string> Differences(string first, string second, IReadOnlySet<string> ignored)
    {
        using var connection = Database.Open(":memory:");
        connection.Execute($"ATTACH '{first}' AS a (READ_ONLY); ATTACH '{second}' AS b (READ_ONLY)");
        var relations = Relations(connection, "a");
        var differences = relations.Keys.Except(Relations(connection, "b").Keys).Select(r => $"{r}: only in {first}")
            .Concat(Relations(connection, "b").Keys.Except(relations.Keys).Select(r => $"{r}: only in {second}"))
            .ToList();
        foreach (var (relation, columns) in relations.Where(r => !differences.Any(d => d.StartsWith(r.Key + ":", StringComparison.Ordinal))))
        {
            var compared = string.Join(", ", columns.Where(c => !ignored.Contains($"{relation}.{c}")).Select(c => $"\"{c}\""));
            var differing = connection.ExecuteScalar<long>($"""
                SELECT count(*) FROM (
                    (SELECT {compared} FROM a.main."{relation}" EXCEPT ALL SELECT {compared} FROM b.main."{relation}")
                    UNION ALL
                    (SELECT {compared} FROM b.main."{relation}" EXCEPT ALL SELECT {compared} FROM a.main."{relation}"))
                """);
            if (differing > 0)
            {
                differences.Add($"{relation}: {differing} row(s) differ");
            }
        }

        return differences;
    }

    /// <summary>The number of tables and views compared, for a test to check it compared something.</summary>
    public static int RelationCount(string database)
    {
        using var connection = Database.Open(":memory:");
        connection.Execute($"ATTACH '{database}' AS a (READ_ONLY)");
        return Relations(connection, "a").Count;
    }

    private static Dictionary<string, List<string>> Relations(System.Data.IDbConnection connection, string database) =>
        connection.Query<(string Relation, string Column)>(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = $database AND schema_name = 'main' ORDER BY table_name, column_index",
            new { database })
            .GroupBy(c => c.Relation)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Column).ToList());
}
