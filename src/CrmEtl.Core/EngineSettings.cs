using System.Globalization;
using System.Text.RegularExpressions;
using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// How much memory a run may use and where DuckDB puts what does not fit. <see cref="MemoryLimit"/> is the
/// whole process's budget. The .NET runtime and the native libraries take about <see cref="ProcessReserveBytes"/>
/// before any data; DuckDB gets <see cref="DuckDbShare"/> of the rest as its memory_limit
/// (<see cref="DuckDbMemoryLimit"/>), because its buffer pool is not all it allocates: hash tables' and sorts'
/// working memory and the allocator's cached pages came to 1.1–1.5 times the pool on 10 and 100 times the
/// generated year. The CLTV fit's arrays are taken off DuckDB's share while the fit holds them (<see cref="MemoryBudget"/>).
/// Sorts, joins, windows and grouped aggregates move to <see cref="TempDirectory"/> beyond DuckDB's share,
/// so a run over more data than memory takes longer instead of failing.
/// </summary>
public sealed partial record EngineSettings(string MemoryLimit, string TempDirectory)
{
    private const double ProcessReserveBytes = 150e6;

    private const double DuckDbShare = 0.6;

    private const double MinimumBytes = 256e6;

    /// <summary>DuckDB's memory_limit in bytes: <see cref="DuckDbShare"/> of <see cref="MemoryLimit"/> less <see cref="ProcessReserveBytes"/>.</summary>
    public long DuckDbBytes => (long)((Bytes(MemoryLimit) - ProcessReserveBytes) * DuckDbShare);

    /// <summary>DuckDB's memory_limit as DuckDB is given it, in MiB.</summary>
    public string DuckDbMemoryLimit => string.Create(CultureInfo.InvariantCulture, $"{DuckDbBytes / (1024 * 1024)}MiB");

    /// <summary>
    /// Half the machine's memory (or the container's limit) for the whole run: DuckDB's own default of 80 % leaves too
    /// little for the rest of the process and the machine, and a run that hits the limit spills
    /// instead of failing.
    /// </summary>
    public static string DefaultMemoryLimit()
    {
        var machineBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(machineBytes / 2 / (1024 * 1024), 256)}MiB");
    }

    /// <summary>The config's (or the command line's) values; unset: <see cref="DefaultMemoryLimit"/> and a folder next to the database.</summary>
    public static EngineSettings For(ProjectConfig config, string databasePath) => new(
        config.MemoryLimit ?? DefaultMemoryLimit(),
        config.TempDirectory ?? Path.GetFullPath(databasePath) + ".tmp");

    /// <summary>A size DuckDB understands: a number and a unit, e.g. 12GB, 8GiB, 500MB.</summary>
    public static string CheckMemoryLimit(string value, string origin)
    {
        var trimmed = value.Trim();
        if (!SizePattern().IsMatch(trimmed))
        {
            throw new CrmEtlException($"{origin}: memory limit '{value}' is not a size; write a number and a unit, e.g. 12GB, 8GiB or 500MB.");
        }

        return Bytes(trimmed) >= MinimumBytes
            ? trimmed
            : throw new CrmEtlException($"{origin}: memory limit '{value}' is too small: a run needs at least 256MB (the .NET runtime and DuckDB take about 150 MB before any data).");
    }

    public string Describe() => $"memory limit {MemoryLimit} (DuckDB {DuckDbMemoryLimit} of it), temp_directory {TempDirectory}";

    /// <summary>A checked size in bytes, with DuckDB's units: KB, MB, GB, TB in powers of 1000, KiB … TiB in powers of 1024.</summary>
    private static double Bytes(string size)
    {
        var match = SizePattern().Match(size.Trim());
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[3].Value.ToUpperInvariant();
        var power = "BKMGT".IndexOf(unit[0], StringComparison.Ordinal);
        return number * Math.Pow(unit.Contains('I', StringComparison.Ordinal) ? 1024 : 1000, power);
    }

    /// <summary>The share of DuckDB's memory the .NET side may borrow on <paramref name="connection"/> (any connection to the run's database).</summary>
    public MemoryBudget Budget(DuckDBConnection connection) => MemoryBudget.For(connection, DuckDbBytes);

    internal void Apply(DuckDBConnection connection)
    {
        DuckDbErrors.Translate(
            () => connection.Execute($"SET memory_limit = {SqlText.Literal(DuckDbMemoryLimit)}"),
            e => $"memory limit '{MemoryLimit}': {e.FirstLine()}");
        DuckDbErrors.Translate(
            () => connection.Execute($"SET temp_directory = {SqlText.Literal(TempDirectory)}"),
            e => $"temp directory '{TempDirectory}': {e.FirstLine()}");
        // Without them DuckDB's allocator returns freed pages to the system only when a thread next allocates; with
        // them, a ten-times run under a 1 GB limit peaked 100 MB lower.
        connection.Execute("SET allocator_background_threads = true");
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
