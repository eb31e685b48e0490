using System.Globalization;
using System.Text.RegularExpressions;
using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// How much memory DuckDB may use during a run and where it puts what does not fit. Sorts, joins,
/// windows and grouped aggregates move to <see cref="TempDirectory"/> beyond <see cref="MemoryLimit"/>,
/// so a run over more data than memory takes longer instead of failing.
/// </summary>
public sealed partial record EngineSettings(string MemoryLimit, string TempDirectory)
{
    /// <summary>
    /// Half the machine's memory (or the container's limit): DuckDB's own default of 80 % leaves too
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
        return SizePattern().IsMatch(trimmed)
            ? trimmed
            : throw new CrmEtlException($"{origin}: memory limit '{value}' is not a size; write a number and a unit, e.g. 12GB, 8GiB or 500MB.");
    }

    public string Describe() => $"memory_limit {MemoryLimit}, temp_directory {TempDirectory}";

    internal void Apply(DuckDBConnection connection)
    {
        DuckDbErrors.Translate(
            () => connection.Execute($"SET memory_limit = {SqlText.Literal(MemoryLimit)}"),
            e => $"memory limit '{MemoryLimit}': {e.FirstLine()}");
        DuckDbErrors.Translate(
            () => connection.Execute($"SET temp_directory = {SqlText.Literal(TempDirectory)}"),
            e => $"temp directory '{TempDirectory}': {e.FirstLine()}");
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
