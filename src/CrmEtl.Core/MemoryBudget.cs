using System.Globalization;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// The run's memory shared between DuckDB and what the .NET side holds while the SQL scripts go on: memory the CLTV
/// fit takes for its arrays is taken off DuckDB's memory_limit until the fit ends, so that the two together stay
/// within the run's limit instead of each assuming it has its own. DuckDB meets a lower limit by writing buffers it
/// is not using to its temp directory.
/// </summary>
public sealed class MemoryBudget : IDisposable
{
    private readonly DuckDBConnection? connection;
    private readonly long duckDbBytes;
    private readonly object gate = new();
    private long held;

    private MemoryBudget(DuckDBConnection? connection, long duckDbBytes)
    {
        this.connection = connection;
        this.duckDbBytes = duckDbBytes;
    }

    /// <summary>No budget: <see cref="Hold"/> changes nothing (a fit outside a run, e.g. in tests or <c>crmetl validate</c>).</summary>
    public static MemoryBudget None { get; } = new(null, 0);

    /// <summary>DuckDB keeps at least this much, whatever is held: below it, queries fail instead of spilling.</summary>
    private const long DuckDbFloorBytes = 32L * 1024 * 1024;

    internal static MemoryBudget For(DuckDBConnection connection, long duckDbBytes) => new(connection, duckDbBytes);

    /// <summary>The bytes held so far that DuckDB's limit was lowered by (DuckDB keeps its floor whatever is held).</summary>
    public long Held
    {
        get
        {
            lock (gate)
            {
                return held;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> off DuckDB's share until <see cref="Dispose"/>.</summary>
    public void Hold(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (connection is null)
        {
            return;
        }

        lock (gate)
        {
            var lowered = Math.Max(duckDbBytes - held - bytes, DuckDbFloorBytes);
            // DuckDB refuses a limit below what it cannot evict (pinned by running queries, or nowhere to spill); the
            // memory is then used either way, and the fit goes on rather than fail a run over a limit that was met
            // before it started. DuckDB's setting keeps the refused value, so the one in force is set again.
            if (TrySetLimit(lowered))
            {
                held += bytes;
            }
            else
            {
                TrySetLimit(Math.Max(duckDbBytes - held, DuckDbFloorBytes));
            }
        }
    }

    /// <summary>Gives DuckDB its whole share back, once the arrays are collected.</summary>
    public void Dispose()
    {
        if (connection is null)
        {
            return;
        }

        lock (gate)
        {
            if (held == 0)
            {
                return;
            }

            // The arrays are garbage once the fit returns; collecting now returns their pages before DuckDB may reuse them.
            GC.Collect();
            TrySetLimit(duckDbBytes);
            held = 0;
        }
    }

    private bool TrySetLimit(long bytes)
    {
        try
        {
            connection!.Execute(string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{bytes / 1024}KiB'"));
            return true;
        }
        catch (DuckDBException)
        {
            return false;
        }
    }
}
