using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Identical (x, t_x, T) histories grouped and counted. With whole-day data a million customers collapse to far fewer
/// distinct histories, and both the likelihood and the predictions depend on the history only.
/// The groups are sorted by (x, t_x, T), so that the likelihood is summed in the same order whatever
/// order the rows come in: DuckDB returns an aggregate's rows in no fixed order, and on a flat
/// likelihood the last bits of a sum can steer the optimiser to another stopping point.
/// </summary>
public sealed class HistoryGroups
{
    private HistoryGroups(PurchaseHistory[] histories, double[] weights, int[] groupOfRow)
    {
        Histories = histories;
        Weights = weights;
        GroupOfRow = groupOfRow;
    }

    /// <summary>The distinct histories, sorted by frequency, recency, then T.</summary>
    public IReadOnlyList<PurchaseHistory> Histories { get; }

    /// <summary>How many input rows share each distinct history.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>For each input row, the index of its group in <see cref="Histories"/>.</summary>
    public IReadOnlyList<int> GroupOfRow { get; }

    /// <summary>Groups the rows. Every row must be valid (<see cref="PurchaseHistory.Problem"/> is null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HistoryGroups Build(ReadOnlySpan<PurchaseHistory> rows)
    {
        var indexOf = new Dictionary<PurchaseHistory, int>(Math.Min(rows.Length, 1 << 20));
        var histories = new List<PurchaseHistory>();
        var weights = new List<double>();
        var groupOfRow = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (!indexOf.TryGetValue(row, out var group))
            {
                if (row.Problem() is { } problem)
                {
                    throw new ArgumentException($"Row {i} (x = {row.Frequency}, t_x = {row.Recency}, T = {row.T}): {problem}.", nameof(rows));
                }

                group = histories.Count;
                indexOf.Add(row, group);
                histories.Add(row);
                weights.Add(0);
            }

            weights[group]++;
            groupOfRow[i] = group;
        }

        var order = Enumerable.Range(0, histories.Count)
            .OrderBy(g => histories[g].Frequency).ThenBy(g => histories[g].Recency).ThenBy(g => histories[g].T)
            .ToArray();
        var rank = new int[order.Length];
        for (var sorted = 0; sorted < order.Length; sorted++)
        {
            rank[order[sorted]] = sorted;
        }

        for (var i = 0; i < groupOfRow.Length; i++)
        {
            groupOfRow[i] = rank[groupOfRow[i]];
        }

        return new HistoryGroups([.. order.Select(g => histories[g])], [.. order.Select(g => weights[g])], groupOfRow);
    }
}
