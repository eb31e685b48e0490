namespace CrmEtl.Core.Modeling;

/// <summary>
/// Grouped histories laid out for the likelihood sweeps: each group points into small tables of distinct frequencies and
/// distinct times, so special functions run once per distinct value per evaluation instead of once per customer.
/// </summary>
internal sealed class HistoryTable
{
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

        var frequencies = new SortedSet<int>();
        var times = new SortedSet<double>();
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

            frequencies.Add((int)history.Frequency);
            times.Add(history.Recency);
            times.Add(history.T);
            TotalWeight += weights[g];
            if (history.Frequency > 0)
            {
                RepeatWeight += weights[g];
            }
        }

        DistinctFrequencies = [.. frequencies];
        DistinctTimes = [.. times];
        for (var g = 0; g < Count; g++)
        {
            var history = histories[g];
            Weight[g] = weights[g];
            Frequency[g] = history.Frequency;
            FrequencyIndex[g] = Array.BinarySearch(DistinctFrequencies, (int)history.Frequency);
            RecencyIndex[g] = Array.BinarySearch(DistinctTimes, history.Recency);
            AgeIndex[g] = Array.BinarySearch(DistinctTimes, history.T);
        }
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
