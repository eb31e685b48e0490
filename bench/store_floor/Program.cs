using System.Diagnostics;
using System.Globalization;
using CrmEtl.Core;
using Dapper;
using DuckDB.NET.Data;

// The store floor: what writing a run's tables into the database file costs, and nothing else. Each table of a
// finished run's database is copied into memory (not timed), then written into a new database file with the
// run's write settings (timed), and the file is checkpointed (timed). A run that stores these tables cannot
// take less than this plus the read floor (bench/read_floor), on the same machine.
//   store_floor --db out/crm.duckdb [--top N]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length is not (2 or 4) || args[0] != "--db" || (args.Length == 4 && args[2] != "--top"))
{
    Console.Error.WriteLine("usage: store_floor --db crm.duckdb [--top N]");
    return 2;
}

var source = Path.GetFullPath(args[1]);
var top = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 12;
if (!File.Exists(source))
{
    Console.Error.WriteLine($"{source}: no such database; run crmetl run first.");
    return 2;
}

var target = Path.Combine(Path.GetTempPath(), $"store_floor_{Environment.ProcessId}.duckdb");
try
{
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    WriteSettings.Apply(connection);
    connection.Execute($"ATTACH '{source.Replace("'", "''", StringComparison.Ordinal)}' AS run (READ_ONLY)");
    connection.Execute($"ATTACH '{target}' AS store");
    var tables = connection.Query<(string Name, long Rows, long Columns)>("""
        SELECT table_name, estimated_size, column_count FROM duckdb_tables()
        WHERE database_name = 'run' AND schema_name = 'main' ORDER BY estimated_size DESC, table_name
        """).ToList();

    var written = new List<(string Name, long Rows, long Columns, double Ms)>();
    foreach (var (name, rows, columns) in tables)
    {
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        connection.Execute($"CREATE OR REPLACE TEMP TABLE in_memory AS FROM run.main.{quoted}");
        var clock = Stopwatch.StartNew();
        connection.Execute($"CREATE TABLE store.main.{quoted} AS FROM in_memory");
        written.Add((name, rows, columns, clock.Elapsed.TotalMilliseconds));
        connection.Execute("DROP TABLE in_memory");
    }

    var checkpoint = Stopwatch.StartNew();
    connection.Execute("CHECKPOINT store");
    var checkpointMs = checkpoint.Elapsed.TotalMilliseconds;
    connection.Execute("DETACH store");

    var totalMs = written.Sum(t => t.Ms) + checkpointMs;
    Console.WriteLine($"store floor: {written.Count} tables of {Path.GetFileName(source)} written into a new file with the run's write settings, " +
                      $"{Environment.ProcessorCount} cores");
    foreach (var table in written.OrderByDescending(t => t.Ms).Take(top))
    {
        Console.WriteLine($"  {table.Name,-28} {table.Rows,12:N0} rows {table.Columns,3} cols {table.Ms,9:N0} ms");
    }

    var rest = written.OrderByDescending(t => t.Ms).Skip(top).ToList();
    if (rest.Count > 0)
    {
        Console.WriteLine($"  {rest.Count + " other tables",-28} {rest.Sum(t => t.Rows),12:N0} rows {string.Empty,8} {rest.Sum(t => t.Ms),9:N0} ms");
    }

    Console.WriteLine($"  {"checkpoint",-28} {string.Empty,26} {checkpointMs,9:N0} ms");
    Console.WriteLine($"  {"store floor",-28} {string.Empty,26} {totalMs,9:N0} ms  ({new FileInfo(target).Length / 1e6:N0} MB)");
    Console.WriteLine($"store_floor_ms {totalMs:F1}");
    return 0;
}
finally
{
    File.Delete(target);
    File.Delete(target + ".wal");
}
