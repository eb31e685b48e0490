using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

/// <summary>
/// DuckDB returns the summary's rows in no fixed order; the fits must not depend on it, to the last bit,
/// or two runs on the same data could stop at different points of a flat likelihood.
/// </summary>
public sealed class RowOrderTests
{
    [Fact]
    public void Histories_are_grouped_in_the_same_order_whatever_the_row_order()
    {
        PurchaseHistory[] rows = [new(2, 5, 9), new(0, 0, 4), new(2, 5, 9), new(1, 3, 9), new(0, 0, 4), new(0, 0, 4)];

        var forward = HistoryGroups.Build(rows);
        var backward = HistoryGroups.Build([.. rows.Reverse()]);

        Assert.Equal([new(0, 0, 4), new(1, 3, 9), new(2, 5, 9)], forward.Histories);
        Assert.Equal(forward.Histories, backward.Histories);
        Assert.Equal([3.0, 1, 2], forward.Weights);
        Assert.Equal(backward.Weights, forward.Weights);
        Assert.Equal([2, 0, 2, 1, 0, 0], rows.Select(forward.IndexOf));
    }

    [Fact]
    public void Bgnbd_and_gamma_gamma_fits_are_bit_identical_for_shuffled_rows()
    {
        var customers = CdnowSample.Customers;
        var shuffled = customers.OrderBy(c => c.Id.GetHashCode(StringComparison.Ordinal) ^ 0x5bd1e995).ToList();
        Assert.NotEqual(customers.Select(c => c.Id), shuffled.Select(c => c.Id));

        Assert.Equal(Parameters(BgNbdModel.Fit(HistoryGroups.Build([.. customers.Select(c => c.History)])).Fit),
            Parameters(BgNbdModel.Fit(HistoryGroups.Build([.. shuffled.Select(c => c.History)])).Fit));
        Assert.Equal(Parameters(GammaGammaModel.Fit(Spends(customers)).Fit), Parameters(GammaGammaModel.Fit(Spends(shuffled)).Fit));
    }

    private static List<SpendHistory> Spends(IEnumerable<CdnowSample.Customer> customers) =>
        [.. customers.Where(c => c.History.Frequency > 0).Select(c => new SpendHistory(c.History.Frequency, c.Monetary))];

    private static double[] Parameters(ModelFit fit) => [.. fit.Parameters.Select(p => p.Value), fit.LogLikelihood];
}
