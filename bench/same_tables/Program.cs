using System.Globalization;
using CrmEtl.Core;
using Dapper;

// Compares every table and view of two crmetl output databases, row for row: EXCEPT ALL both ways on
// the columns both have, so rows count with their multiplicity and values must be equal to the last
// bit. The journal (runs, script_log, mail_log) differs by nature and is left out. Prints one
// line per relation and exits 1 when any differs, so a speed change can show it changed nothing.
//   same_tables BEFORE.duckdb AFTER.duckdb [--ignore table.column ...]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: same_tables BEFORE.duckdb AFTER.duckdb [--ignore table.column ...]");
    return 2;
}

string[] journal = ["runs", "script_log", "mail_log"];
var ignored = args.Skip(2).Where(a => a != "--ignore").ToHashSet(StringComparer.Ordinal);
using var connection = Database.Open(":memory:");
connection.Execute($"ATTACH '{args[0]}' AS a (READ_ONLY); ATTACH '{args[1]}' AS b (READ_ONLY)");
var before = Relations("a");
var after = Relations("b");
var differing = 0;
foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
{
    if (journal.Contains(name))
    {
        continue;
    }

    if (!before.TryGetValue(name, out var beforeColumns) || !after.TryGetValue(name, out var afterColumns))
    {
        Console.WriteLine($"{name,-28} only in {(before.ContainsKey(name) ? args[0] : args[1])}");
        differing++;
        continue;
    }

    var shared = beforeColumns.Intersect(afterColumns).Where(c => !ignored.Contains($"{name}.{c}")).ToList();
    var columns = string.Join(", ", shared.Select(c => $"\"{c}\""));
    var rows = connection.ExecuteScalar<long>($"SELECT count(*) FROM a.main.\"{name}\"");
    var onlyBefore = connection.ExecuteScalar<long>($"SELECT count(*) FROM (SELECT {columns} FROM a.main.\"{name}\" EXCEPT ALL SELECT {columns} FROM b.main.\"{name}\")");
    var onlyAfter = connection.ExecuteScalar<long>($"SELECT count(*) FROM (SELECT {columns} FROM b.main.\"{name}\" EXCEPT ALL SELECT {columns} FROM a.main.\"{name}\")");
    var columnNote = beforeColumns.SequenceEqual(afterColumns) ? string.Empty
        : $" (columns compared: {shared.Count}; only before: {string.Join(", ", beforeColumns.Except(afterColumns))}; only after: {string.Join(", ", afterColumns.Except(beforeColumns))})";
    var same = onlyBefore == 0 && onlyAfter == 0;
    differing += same ? 0 : 1;
    Console.WriteLine($"{name,-28} {rows,12:N0} rows  {(same ? "identical" : $"DIFFER: {onlyBefore:N0} rows only before, {onlyAfter:N0} only after")}{columnNote}");
}

Console.WriteLine(differing == 0 ? "all relations identical" : $"{differing} relation(s) differ");
return differing == 0 ? 0 : 1;

Dictionary<string, List<string>> Relations(string database) =>
    connection.Query<(string Relation, string Column)>(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = $database AND schema_name = 'main' ORDER BY table_name, column_index",
        new { database })
        .GroupBy(c => c.Relation)
        .ToDictionary(g => g.Key, g => g.Select(c => c.Column).ToList());
