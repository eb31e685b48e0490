using System.Globalization;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// The numpy arithmetic of sql/*_pandas_compatible_macros.sql. Expected values are numpy 1.24's
/// (printed with repr): e.g. pd.Series([0.1] * 10).sum() is 1.0, where adding in order gives
/// 0.9999999999999999.
/// </summary>
public sealed class PandasCompatibleMacrosTests
{
    [Theory]
    [InlineData(7, "0.7")]                   // fewer than 8 values: added in order (0.1 * 7 in order is 0.7)
    [InlineData(10, "1.0")]                  // 8 running sums, then the rest: numpy's 1.0, not 0.9999999999999999
    [InlineData(100, "9.999999999999998")]   // numpy; in order: 9.99999999999998
    public void Numpy_pairwise_block_adds_as_numpy_pairwise_summation_does(int count, string expected)
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.RunScript("pandas_compatible_macros");

        var sum = db.Scalar<string>($"SELECT numpy_pairwise_block(list_transform(range({count}), lambda i: 0.1::DOUBLE))::VARCHAR");

        Assert.Equal(expected, sum);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Purchase_totals_beyond_128_lines_are_numpys_to_the_last_bit(bool perCustomerLists)
    {
        // data/numpy/make_long_sums.py: numpy splits runs beyond 128 values in halves and sums at most
        // 8192 values at a time; Kahan summation (fsum) misses 8 of these 24 sums by a bit. One
        // customer per run, its lines interleaved in the file with the other customers'.
        var expected = File.ReadLines(Fixtures.Path("numpy/long_sums.csv")).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(cells => "n" + cells[0], cells => double.Parse(cells[1], CultureInfo.InvariantCulture));
        using var db = AnalysisDatabase.Create("2024-06-30");
        db.Execute($"""
            INSERT INTO purchases (customer_id, purchase_date, transaction_id, amount, qty, is_return, source_line)
            SELECT 'n' || n::VARCHAR, DATE '2024-01-01' + (i % 150)::INTEGER, 't' || n::VARCHAR || '-' || (i // 40)::VARCHAR,
                   ((i * 7919 + n * 31) % 50021 - 20000)::DOUBLE / 100.0::DOUBLE, 1, false, i * 100 + k
            FROM (SELECT unnest([{string.Join(", ", expected.Keys.Select(id => id[1..]))}]) AS n,
                         unnest(range(24)) AS k) AS runs,
                 LATERAL (SELECT unnest(range(n)) AS i)
            """);
        db.RunScript("transactions");
        db.RunScript("pandas_compatible_macros");
        db.Execute($"SET VARIABLE per_customer_lists = {perCustomerLists.ToString().ToLowerInvariant()}");
        db.RunScript("customer_purchase_totals");

        var sums = db.Lines("SELECT customer_id || ' ' || CAST(amount AS VARCHAR) FROM customer_purchase_totals")
            .Select(line => line.Split(' '))
            .ToDictionary(cells => cells[0], cells => double.Parse(cells[1], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Count, sums.Count);
        Assert.All(expected, run => Assert.Equal(BitConverter.DoubleToInt64Bits(run.Value), BitConverter.DoubleToInt64Bits(sums[run.Key])));
    }

    [Fact]
    public void Qcut_inner_edges_are_numpy_quantiles_at_linspace_probabilities()
    {
        // numpy.quantile([1, 2, 6, 31, 90], numpy.linspace(0, 1, 6))[1:-1]; the 60 % edge is taken
        // at 0.6000000000000001, hence 16.000000000000007 rather than 16.
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.RunScript("pandas_compatible_macros");

        var edges = db.Scalar<string>("SELECT qcut_inner_edges([1, 2, 6, 31, 90]::DOUBLE[], 5)::VARCHAR");

        Assert.Equal("[1.8, 4.4, 16.000000000000007, 42.80000000000001]", edges);
    }
}
