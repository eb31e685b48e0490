using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Grouped histories laid out for the likelihood sweeps: each group points into small tables of distinct frequencies and
/// distinct times, so special functions run once per distinct value per evaluation instead of once per customer.
/// </summary>
internal sealed class HistoryTable
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public HistoryTable(IReadOnlyList<PurchaseHistory> histories, IReadOnlyList<double> weights)
    {
        if (histories.Count != weights.Count)
        {
            throw new ArgumentException("One weight per history is needed.", nameof(weights));
        }

        Count = histories.Count;
        Weight = new double[Count];
        Frequency = new double[Count];
        FrequencyIndex = new int[Count];
        RecencyIndex = new int[Count];
        AgeIndex = new int[Count];

        var frequencies = new int[Count];
        var times = new double[2 * Count];
        for (var g = 0; g < Count; g++)
        {
            var history = histories[g];
            if (history.Problem() is { } problem)
            {
                throw new ArgumentException($"History {g}: {problem}.", nameof(histories));
            }

            if (!(weights[g] >= 0) || !double.IsFinite(weights[g]))
            {
                throw new ArgumentException($"Weight {g} must be a finite number ≥ 0.", nameof(weights));
            }

            Weight[g] = weights[g];
            Frequency[g] = history.Frequency;
            frequencies[g] = (int)history.Frequency;
            times[2 * g] = history.Recency;
            times[(2 * g) + 1] = history.T;
            TotalWeight += weights[g];
            RepeatWeight += history.Frequency > 0 ? weights[g] : 0;
        }

        DistinctFrequencies = Distinct(frequencies);
        DistinctTimes = Distinct(times);
        for (var g = 0; g < Count; g++)
        {
            FrequencyIndex[g] = Array.BinarySearch(DistinctFrequencies, frequencies[g]);
            RecencyIndex[g] = Array.BinarySearch(DistinctTimes, times[2 * g]);
            AgeIndex[g] = Array.BinarySearch(DistinctTimes, times[(2 * g) + 1]);
        }
    }

    private static T[] Distinct<T>(T[] values)
        where T : IEquatable<T>
    {
        var sorted = (T[])values.Clone();
        Array.Sort(sorted);
        var count = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (count == 0 || !sorted[i].Equals(sorted[count - 1]))
            {
                sorted[count++] = sorted[i];
            }
        }

        return sorted[..count];
    }

    public int Count { get; }

    public double[] Weight { get; }

    public double[] Frequency { get; }

    public int[] FrequencyIndex { get; }

    public int[] RecencyIndex { get; }

    public int[] AgeIndex { get; }

    public int[] DistinctFrequencies { get; }

    public double[] DistinctTimes { get; }

    public double TotalWeight { get; }

    /// <summary>Customers with at least one repeat purchase; without any, the purchase process cannot be estimated.</summary>
    public double RepeatWeight { get; }
}
