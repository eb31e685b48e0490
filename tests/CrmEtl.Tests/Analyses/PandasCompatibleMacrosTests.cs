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
    public void Numpy_sum_adds_as_numpy_pairwise_summation_does(int count, string expected)
    {
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.RunScript("pandas_compatible_macros");

        var sum = db.Scalar<string>($"SELECT numpy_sum(list_transform(range({count}), lambda i: 0.1::DOUBLE))::VARCHAR");

        Assert.Equal(expected, sum);
    }

    public static TheoryData<int, string> LongRuns()
    {
        var runs = new TheoryData<int, string>();
        foreach (var cells in File.ReadLines(Fixtures.Path("numpy/long_sums.csv")).Skip(1).Select(line => line.Split(',')))
        {
            runs.Add(int.Parse(cells[0], CultureInfo.InvariantCulture), cells[1]);
        }

        return runs;
    }

    [Theory]
    [MemberData(nameof(LongRuns))]
    public void Numpy_sum_beyond_128_values_is_numpys_to_the_last_bit(int count, string numpySum)
    {
        // data/numpy/make_long_sums.py: numpy splits runs beyond 128 values in halves and sums at most
        // 8192 values at a time; Kahan summation (fsum) misses a third of these sums by a bit.
        using var db = AnalysisDatabase.Create("2024-01-31");
        db.RunScript("pandas_compatible_macros");

        var sum = db.Scalar<double>(
            $"SELECT numpy_sum(list_transform(range({count}), lambda i: ((i * 7919 + {count} * 31) % 50021 - 20000)::DOUBLE / 100.0::DOUBLE))");

        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(numpySum, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(sum));
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
