using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

/// <summary>
/// The CLTV stage never holds a row per customer: SQL counts the purchase histories and streams the repeat customers'
/// spend sorted. Fitted from those, the models must be the ones fitted from the customers' rows, to the last bit.
/// </summary>
public sealed class GroupedInputTests
{
    [Fact]
    public void Histories_counted_elsewhere_group_like_the_rows_they_count()
    {
        PurchaseHistory[] rows = [new(2, 5, 9), new(0, 0, 4), new(2, 5, 9), new(1, 3, 9), new(0, 0, 4), new(0, 0, 4)];

        var counted = HistoryGroups.FromCounts([(new(1, 3, 9), 1), (new(0, 0, 4), 2), (new(2, 5, 9), 2), (new(0, 0, 4), 1)]);
        var fromRows = HistoryGroups.Build(rows);

        Assert.Equal(fromRows.Histories, counted.Histories);
        Assert.Equal(fromRows.Weights, counted.Weights);
        Assert.Equal(6, counted.Customers);
        Assert.Equal(-1, counted.IndexOf(new(5, 5, 9)));
    }

    [Fact]
    public void Bgnbd_fitted_on_counted_histories_is_bit_identical_to_the_fit_on_rows()
    {
        var histories = CdnowSample.Histories;
        var counted = histories.GroupBy(h => h).Select(g => (g.Key, (double)g.Count())).Reverse();

        Assert.Equal(Parameters(BgNbdModel.Fit(HistoryGroups.Build([.. histories])).Fit),
            Parameters(BgNbdModel.Fit(HistoryGroups.FromCounts(counted)).Fit));
    }

    [Fact]
    public void Gamma_gamma_fitted_on_sorted_spend_is_bit_identical_to_the_fit_on_rows_in_any_order()
    {
        var spends = CdnowSample.Customers.Where(c => c.History.Frequency > 0)
            .Select(c => new SpendHistory(c.History.Frequency, c.Monetary)).ToList();
        var sorted = new SpendGroups(spends.Count);
        foreach (var spend in spends.OrderBy(s => s.Frequency).ThenBy(s => s.Monetary))
        {
            sorted.AddSorted(spend);
        }

        var fromRows = GammaGammaModel.Fit(spends);
        var fromSorted = GammaGammaModel.Fit(sorted);

        Assert.True(sorted.Count < spends.Count, "the sample has customers sharing a spend history, so some rows must be grouped");
        Assert.Equal(spends.Count, sorted.Customers);
        Assert.Equal(Parameters(fromRows.Fit), Parameters(fromSorted.Fit));
        Assert.Equal(fromRows.FrequencySpendCorrelation, fromSorted.FrequencySpendCorrelation);
    }

    [Fact]
    public void Spend_rows_out_of_order_are_refused()
    {
        var groups = new SpendGroups(3);
        groups.AddSorted(new SpendHistory(1, 20));
        groups.AddSorted(new SpendHistory(1, 20));
        groups.AddSorted(new SpendHistory(2, 10));

        Assert.Throws<InvalidOperationException>(() => groups.AddSorted(new SpendHistory(1, 30)));
        Assert.Equal([1.0, 2], groups.Frequency.ToArray());
        Assert.Equal([2.0, 1], groups.Weight.ToArray());
    }

    private static double[] Parameters(ModelFit fit) => [.. fit.Parameters.Select(p => p.Value), fit.LogLikelihood, fit.Iterations];
}
