using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>How a run writes its tables into the database file (also used by bench/store_floor, to write as a run does).</summary>
public static class WriteSettings
{
    /// <summary>
    /// DuckDB tries every compression method on every column it writes and keeps the smallest.
    /// Trying dictionary compression took about 40 % of writing a table of ids (a full year's
    /// transactions: 0.37 s with it, 0.22 s without) and is rarely the winner: FSST and
    /// dictionary-FSST still compress the ids and labels, so the file grows by about a tenth
    /// (BENCHMARKS.md). Settings are not stored in the file: analysts writing to it later get
    /// DuckDB's defaults.
    /// </summary>
    private const string SkippedCompressionMethods = "dictionary";

    /// <summary>
    /// DuckDB's parallel CSV reader leaves some row groups part-full, and by default the next
    /// checkpoint merges them, compressing the whole table a second time (a full year's raw
    /// purchases and leads: 0.75 s, and the replaced blocks stay in the file as free space). The
    /// run writes whole tables and deletes no rows (the journal updates one small row), so
    /// nothing needs that vacuum.
    /// </summary>
    private const int VacuumTasks = 0;

    public static void Apply(DuckDBConnection connection)
    {
        connection.Execute($"SET disabled_compression_methods = '{SkippedCompressionMethods}'");
        connection.Execute($"SET max_vacuum_tasks = {VacuumTasks}");
    }
}
