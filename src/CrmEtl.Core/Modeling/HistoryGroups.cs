using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Identical (x, t_x, T) histories grouped and counted. With whole-day data a million customers collapse to far fewer
/// distinct histories, and both the likelihood and the predictions depend on the history only, so the CLTV stage
/// holds these groups, never a row per customer.
/// The groups are sorted by (x, t_x, T), so that the likelihood is summed in the same order whatever
/// order the rows come in: DuckDB returns an aggregate's rows in no fixed order, and on a flat
/// likelihood the last bits of a sum can steer the optimiser to another stopping point.
/// </summary>
public sealed class HistoryGroups
{
    private readonly Dictionary<PurchaseHistory, int> indexOf;

    private HistoryGroups(PurchaseHistory[] histories, double[] weights)
    {
        Histories = histories;
        Weights = weights;
        indexOf = new Dictionary<PurchaseHistory, int>(histories.Length);
        for (var g = 0; g < histories.Length; g++)
        {
            indexOf.Add(histories[g], g);
        }

        Customers = weights.Sum();
    }

    /// <summary>The distinct histories, sorted by frequency, recency, then T.</summary>
    public IReadOnlyList<PurchaseHistory> Histories { get; }

    /// <summary>How many customers share each distinct history.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The number of customers in all groups.</summary>
    public double Customers { get; }

    /// <summary>The index in <see cref="Histories"/> of the group holding this history; -1 when no group does.</summary>
    public int IndexOf(PurchaseHistory history) => indexOf.TryGetValue(history, out var group) ? group : -1;

    /// <summary>Groups one history per customer. Every row must be valid (<see cref="PurchaseHistory.Problem"/> is null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HistoryGroups Build(ReadOnlySpan<PurchaseHistory> rows)
    {
        var counts = new Dictionary<PurchaseHistory, double>(Math.Min(rows.Length, 1 << 20));
        foreach (var row in rows)
        {
            counts[row] = counts.GetValueOrDefault(row) + 1;
        }

        return FromCounts(counts.Select(c => (c.Key, c.Value)));
    }

    /// <summary>Groups histories already counted (by SQL, say); a history listed twice has its counts added.</summary>
    public static HistoryGroups FromCounts(IEnumerable<(PurchaseHistory History, double Customers)> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var weights = new Dictionary<PurchaseHistory, double>();
        foreach (var (history, customers) in counts)
        {
            if (history.Problem() is { } problem)
            {
                throw new ArgumentException($"History x = {history.Frequency}, t_x = {history.Recency}, T = {history.T}: {problem}.", nameof(counts));
            }

            weights[history] = weights.GetValueOrDefault(history) + customers;
        }

        var sorted = weights.Keys.OrderBy(h => h.Frequency).ThenBy(h => h.Recency).ThenBy(h => h.T).ToArray();
        return new HistoryGroups(sorted, [.. sorted.Select(h => weights[h])]);
    }
}
