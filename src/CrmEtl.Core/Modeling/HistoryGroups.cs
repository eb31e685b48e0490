using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Identical (x, t_x, T) histories grouped and counted. With whole-day data a million customers collapse to far fewer
/// distinct histories, and both the likelihood and the predictions depend on the history only.
/// </summary>
public sealed class HistoryGroups
{
    private HistoryGroups(PurchaseHistory[] histories, double[] weights, int[] groupOfRow)
    {
        Histories = histories;
        Weights = weights;
        GroupOfRow = groupOfRow;
    }

    /// <summary>The distinct histories, in order of first appearance.</summary>
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

        return new HistoryGroups([.. histories], [.. weights], groupOfRow);
    }
}
