using System.Globalization;
using System.Text.RegularExpressions;
using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// How much memory a run may use and where DuckDB puts what does not fit. <see cref="MemoryLimit"/> is the
/// whole process's budget: DuckDB gets <see cref="DuckDbMemoryLimit"/>, three quarters of it, and the rest is
/// left for what DuckDB does not count against its own limit, the CLTV models' arrays and the .NET runtime.
/// Sorts, joins, windows and grouped aggregates move to <see cref="TempDirectory"/> beyond DuckDB's share,
/// so a run over more data than memory takes longer instead of failing.
/// </summary>
public sealed partial record EngineSettings(string MemoryLimit, string TempDirectory)
{
    private const double DuckDbShare = 0.75;

    private const double MinimumBytes = 64e6;

    /// <summary>DuckDB's memory_limit: <see cref="DuckDbShare"/> of <see cref="MemoryLimit"/>, in MiB.</summary>
    public string DuckDbMemoryLimit =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max((long)(Bytes(MemoryLimit) * DuckDbShare / (1024 * 1024)), 1)}MiB");

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
            : throw new CrmEtlException($"{origin}: memory limit '{value}' is too small: a run needs at least 64MB (DuckDB alone takes tens of megabytes).");
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

    internal void Apply(DuckDBConnection connection)
    {
        DuckDbErrors.Translate(
            () => connection.Execute($"SET memory_limit = {SqlText.Literal(DuckDbMemoryLimit)}"),
            e => $"memory limit '{MemoryLimit}': {e.FirstLine()}");
        DuckDbErrors.Translate(
            () => connection.Execute($"SET temp_directory = {SqlText.Literal(TempDirectory)}"),
            e => $"temp directory '{TempDirectory}': {e.FirstLine()}");
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
