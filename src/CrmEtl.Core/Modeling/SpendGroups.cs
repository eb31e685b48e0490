namespace CrmEtl.Core.Modeling;

/// <summary>
/// Identical (x, m̄_x) spend histories grouped and counted, sorted by frequency then mean spend, so that the
/// Gamma-Gamma sums run in the same order whatever order the customers come in (see <see cref="HistoryGroups"/>).
/// Unlike purchase histories, mean spends are rarely shared, so there are about as many groups as repeat customers:
/// the groups are kept in three arrays, filled from rows that arrive already sorted (by SQL's ORDER BY, which
/// spills to disk) rather than through a dictionary.
/// </summary>
public sealed class SpendGroups
{
    private double[] frequency;
    private double[] monetary;
    private double[] weight;

    /// <param name="capacity">At least the number of distinct groups that will be added (the number of rows will do).</param>
    public SpendGroups(long capacity)
    {
        var size = checked((int)capacity);
        frequency = new double[size];
        monetary = new double[size];
        weight = new double[size];
    }

    public int Count { get; private set; }

    /// <summary>What groups for <paramref name="capacity"/> customers take: three doubles each.</summary>
    public static long BytesFor(long capacity) => capacity * 3 * sizeof(double);

    public ReadOnlySpan<double> Frequency => frequency.AsSpan(0, Count);

    public ReadOnlySpan<double> Monetary => monetary.AsSpan(0, Count);

    public ReadOnlySpan<double> Weight => weight.AsSpan(0, Count);

    /// <summary>The number of customers in all groups.</summary>
    public double Customers { get; private set; }

    /// <summary>Groups customers given in any order. Every one must be valid (<see cref="SpendHistory.Problem"/> is null; <see cref="AddSorted"/> checks).</summary>
    public static SpendGroups Build(IEnumerable<SpendHistory> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var rows = customers.ToArray();
        Array.Sort(rows, Compare);
        var groups = new SpendGroups(rows.Length);
        foreach (var row in rows)
        {
            groups.AddSorted(row);
        }

        return groups;
    }

    /// <summary>Adds one customer; customers must come sorted by frequency, then mean spend.</summary>
    public void AddSorted(SpendHistory customer) => AddSorted(customer, 1);

    /// <summary>Adds <paramref name="customers"/> customers of one spend history (counted by SQL, say); histories must come sorted by frequency, then mean spend.</summary>
    public void AddSorted(SpendHistory history, long customers)
    {
        if (history.Problem() is { } problem)
        {
            throw new ArgumentException($"Spend (x = {history.Frequency}, m = {history.Monetary}): {problem}.", nameof(history));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        Customers += customers;
        if (Count > 0)
        {
            var last = new SpendHistory(frequency[Count - 1], monetary[Count - 1]);
            var order = Compare(last, history);
            if (order == 0)
            {
                weight[Count - 1] += customers;
                return;
            }

            if (order > 0)
            {
                throw new InvalidOperationException($"Spend rows out of order: (x = {history.Frequency}, m = {history.Monetary}) after (x = {last.Frequency}, m = {last.Monetary}).");
            }
        }

        if (Count == frequency.Length)
        {
            throw new InvalidOperationException($"More spend groups than the capacity of {frequency.Length} given.");
        }

        frequency[Count] = history.Frequency;
        monetary[Count] = history.Monetary;
        weight[Count] = customers;
        Count++;
    }

    private static int Compare(SpendHistory x, SpendHistory y) =>
        x.Frequency != y.Frequency ? x.Frequency.CompareTo(y.Frequency) : x.Monetary.CompareTo(y.Monetary);
}
