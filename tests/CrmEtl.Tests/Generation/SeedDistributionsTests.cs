using CrmEtl.Core.Generation;

namespace CrmEtl.Tests.Generation;

/// <summary>Each draw covers exactly the seed's range: numpy's randint(low, high) never returns high.</summary>
public sealed class SeedDistributionsTests
{
    private const int Draws = 300_000;

    [Fact]
    public void Impressions_cover_1000_to_9999()
    {
        var random = new BlockRandom(1, 0, RandomStream.AdHeader);
        var (min, max) = Range(() => SeedDistributions.Impressions(ref random));
        Assert.Equal((1000, 9999), (min, max));
    }

    [Theory]
    [InlineData(1000, 99)]   // max(51, 100) - 1
    [InlineData(5009, 499)]
    [InlineData(9999, 998)]
    public void Clicks_cover_50_to_one_below_a_tenth_of_impressions(int impressions, int expectedMax)
    {
        var random = new BlockRandom(2, 0, RandomStream.AdHeader);
        var (min, max) = Range(() => SeedDistributions.Clicks(ref random, impressions));
        Assert.Equal((50, expectedMax), (min, max));
    }

    [Fact]
    public void Gaps_cover_7_to_59_days()
    {
        var random = new BlockRandom(3, 0, RandomStream.Body);
        var (min, max) = Range(() => SeedDistributions.GapDays(ref random));
        Assert.Equal((7, 59), (min, max));
    }

    [Fact]
    public void Skus_cover_the_ten_indexes_evenly()
    {
        var random = new BlockRandom(4, 0, RandomStream.Body);
        var counts = new int[SeedDistributions.SkuCount];
        for (var i = 0; i < Draws; i++)
            counts[SeedDistributions.Sku(ref random)]++;
        Assert.All(counts, count => Assert.InRange(count / (double)Draws, 0.097, 0.103));
    }

    [Fact]
    public void Prices_cover_every_cent_from_50_to_500()
    {
        var random = new BlockRandom(5, 0, RandomStream.Body);
        var seen = new bool[50_001];
        for (var i = 0; i < 5 * Draws; i++)
            seen[SeedDistributions.PriceCents(ref random)] = true;
        Assert.Equal(5000, Array.IndexOf(seen, true));
        Assert.Equal(50_000, Array.LastIndexOf(seen, true));
        Assert.True(seen.AsSpan(5000).IndexOf(false) < 0, "a cent value between 50.00 and 500.00 never appeared");
    }

    [Fact]
    public void Spend_covers_100_to_1000()
    {
        var random = new BlockRandom(6, 0, RandomStream.AdHeader);
        var (min, max) = Range(() => (int)SeedDistributions.SpendCents(ref random));
        Assert.InRange(min, 10_000, 10_010);
        Assert.InRange(max, 99_990, 100_000);
    }

    [Fact]
    public void Conversions_truncate_clicks_times_064_like_python_int()
    {
        Assert.Equal(32, SeedDistributions.Conversions(50));
        Assert.Equal(16, SeedDistributions.Conversions(25));
        Assert.Equal(639, SeedDistributions.Conversions(999));
        Assert.Equal(0, SeedDistributions.Conversions(1));
    }

    [Fact]
    public void Block_streams_differ_by_seed_block_and_stream()
    {
        ulong First(int seed, long block, RandomStream stream) => new BlockRandom(seed, block, stream).NextUInt64();

        ulong[] firsts =
        [
            First(42, 0, RandomStream.Body), First(43, 0, RandomStream.Body),
            First(42, 1, RandomStream.Body), First(42, 0, RandomStream.AdHeader),
        ];
        Assert.Equal(firsts.Length, firsts.Distinct().Count());
        Assert.Equal(First(42, 7, RandomStream.Body), First(42, 7, RandomStream.Body));
    }

    private static (int Min, int Max) Range(Func<int> draw)
    {
        var min = int.MaxValue;
        var max = int.MinValue;
        for (var i = 0; i < Draws; i++)
        {
            var value = draw();
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        return (min, max);
    }
}
