namespace CrmEtl.Core.Modeling;

/// <summary>
/// The expected side of the tracking plot: the expected cumulative repeat purchases of a group of customers from the
/// unconditional E[X(t)] of their cohorts (customers with the same first purchase day),
/// <code>
///   expected repeat purchases by the end of day D = Σ_cohorts n_c · E[X((D − d_c) / unit)],
/// </code>
/// so those in a period [s, e] are the difference at e and s − 1 (Fader, Hardie &amp; Lee 2005, §4, Figure 2: "we
/// compute E[X(t)] for each customer, given their time of first purchase, and sum"). A purchase on day D happens at time
/// D − d_c after the first one, the convention of cltv_summary's T: the cumulative through the as-of date is Σ E[X(T)].
/// </summary>
internal sealed class CohortExpectedPurchases
{
    private readonly (int FirstDay, double Customers)[] cohorts;

    /// <summary>E[X(lag / unit)] for each lag in days, 0 up to the last day asked for.</summary>
    private readonly double[] expectedByLag;

    /// <param name="counts">Customers counted by first purchase day; a day listed twice has its counts added.</param>
    public CohortExpectedPurchases(IPurchaseModel model, IEnumerable<FirstPurchaseCohort> counts, double daysPerTimeUnit, DateOnly lastDay)
    {
        ArgumentNullException.ThrowIfNull(model);
        cohorts = [.. counts.GroupBy(c => c.FirstPurchaseDate.DayNumber).Select(g => (g.Key, (double)g.Sum(c => c.Customers))).OrderBy(c => c.Key)];
        var maximumLag = cohorts.Length == 0 ? 0 : Math.Max(0, lastDay.DayNumber - cohorts[0].FirstDay);
        expectedByLag = new double[maximumLag + 1];
        // Each lag is one evaluation of E[X(t)], whatever the number of customers and periods.
        Parallel.For(1, expectedByLag.Length, lag => expectedByLag[lag] = model.ExpectedPurchases(lag / daysPerTimeUnit));
    }

    /// <summary>Customers in all cohorts.</summary>
    public double Customers => cohorts.Sum(c => c.Customers);

    /// <summary>Expected repeat purchases by all the customers from their first purchase through the end of <paramref name="day"/>.</summary>
    public double CumulativeThrough(DateOnly day)
    {
        var total = 0.0;
        foreach (var (firstDay, customers) in cohorts)
        {
            var lag = day.DayNumber - firstDay;
            if (lag <= 0)
            {
                break; // cohorts are ordered by first day: the later ones have not started either
            }

            total += customers * (lag < expectedByLag.Length
                ? expectedByLag[lag]
                : throw new ArgumentOutOfRangeException(nameof(day), day, "The day is after the last day this was built for."));
        }

        return total;
    }
}
