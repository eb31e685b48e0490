using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmEtl.Core;
using CrmEtl.Core.Loading;
using DuckDB.NET.Data;

// The read floor: DuckDB reading the input CSV files with the types crmetl declares for them and
// writing nothing, the least any load can cost. Every column is read and converted (count(column)
// needs each value); dates as TIMESTAMP, as the loader reads them; the dialect is given, so nothing
// is sniffed. Best of --repeat runs, in-process, so no process start is counted. With --db, the
// stages of that database's last run (runs.timings) are printed as multiples of the floor.
//   read_floor --purchases FILE --leads FILE --ads FILE [--db crm.duckdb] [--repeat 3]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = ParseOptions(args);
if (options is null)
{
    Console.Error.WriteLine("usage: read_floor --purchases FILE [--leads FILE] [--ads FILE] [--db crm.duckdb] [--repeat N]");
    return 2;
}

var repeat = int.Parse(options.GetValueOrDefault("repeat", "3"), CultureInfo.InvariantCulture);
var inputs = new[] { CanonicalSources.Purchases, CanonicalSources.Leads, CanonicalSources.Ads }
    .Where(s => options.ContainsKey(s.Name))
    .Select(s => (Source: s, Path: options[s.Name]))
    .ToList();

using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
var version = Scalar(connection, "SELECT version()");
Console.WriteLine($"read floor: DuckDB {version}, {Environment.ProcessorCount} cores; every column read with its declared type, nothing written; best of {repeat}");

var floorMs = 0.0;
foreach (var (source, path) in inputs)
{
    var query = CountEveryColumn(source, path);
    var best = double.MaxValue;
    var rows = 0L;
    for (var run = 0; run < repeat; run++)
    {
        var clock = Stopwatch.StartNew();
        rows = Convert.ToInt64(Scalar(connection, query), CultureInfo.InvariantCulture);
        best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
    }

    floorMs += best;
    Console.WriteLine($"  {Path.GetFileName(path),-16} {rows,12:N0} rows {best,9:N0} ms");
}

Console.WriteLine($"  {"floor",-16} {string.Empty,17} {floorMs,9:N0} ms");

if (options.TryGetValue("db", out var database))
{
    using var run = Database.Open(database, readOnly: true);
    var (runId, timings) = LastRunTimings(run);
    Console.WriteLine($"run {runId}'s stages (runs.timings) as multiples of the floor:");
    foreach (var stage in timings)
    {
        Console.WriteLine($"  {stage.Name,-16} {stage.Ms,9:N0} ms {stage.Ms / floorMs,7:F2}x");
    }
}

Console.WriteLine($"floor_ms {floorMs:F1}");
return 0;

static string CountEveryColumn(CanonicalSource source, string path)
{
    using var reader = new StreamReader(path);
    var header = (reader.ReadLine() ?? throw new CrmEtlException($"{path}: the file is empty.")).Split(',');
    var declared = source.Columns.ToDictionary(c => c.Name, c => c.ReadType, StringComparer.OrdinalIgnoreCase);
    var columns = "{" + string.Join(", ", header.Select(c => $"{Literal(c)}: '{declared.GetValueOrDefault(c, "VARCHAR")}'")) + "}";
    var counts = string.Join(", ", header.Select(c => $"count(\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\")"));
    return $"""
        SELECT count(*), {counts}
        FROM read_csv({Literal(path)}, header = true, auto_detect = false,
                      delim = ',', quote = '"', escape = '"', columns = {columns})
        """;
}

static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

static object Scalar(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return command.ExecuteScalar() ?? throw new InvalidOperationException($"no result: {sql}");
}

static (long RunId, List<(string Name, double Ms)> Stages) LastRunTimings(DuckDBConnection connection)
{
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT run_id, timings FROM runs ORDER BY run_id DESC LIMIT 1";
    using var reader = command.ExecuteReader();
    if (!reader.Read())
    {
        throw new CrmEtlException("the database has no run in table runs.");
    }

    using var json = JsonDocument.Parse(reader.GetString(1));
    var stages = json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())).ToList();
    return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), stages);
}

static Dictionary<string, string>? ParseOptions(string[] args)
{
    var known = new[] { "purchases", "leads", "ads", "db", "repeat" };
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i += 2)
    {
        var name = args[i].TrimStart('-');
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || !known.Contains(name) || i + 1 >= args.Length)
        {
            return null;
        }

        options[name] = args[i + 1];
    }

    return options.ContainsKey("purchases") ? options : null;
}
