namespace CrmEtl.Core.Generation;

/// <summary>
/// The distributions of the seed's generator (seeds/000_db0854c2735afea9.txt), one method per draw.
/// numpy's randint(low, high) excludes high; the bounds below are written the same way.
/// Money is drawn in whole cents: round(uniform(a, b), 2) is uniform over the cents of [a, b].
/// </summary>
internal static class SeedDistributions
{
    /// <summary>int(clicks * 0.64) leads of a campaign-day buy, computed in double as Python does.</summary>
    public const double PurchaseConversionRate = 0.64;

    public const int SkuCount = 10;

    /// <summary>impressions = randint(1000, 10000).</summary>
    public static int Impressions(ref BlockRandom random) => 1000 + random.NextInt(9000);

    /// <summary>clicks = randint(50, max(51, impressions // 10)).</summary>
    public static int Clicks(ref BlockRandom random, int impressions) =>
        50 + random.NextInt(Math.Max(51, impressions / 10) - 50);

    /// <summary>spend = round(uniform(100, 1000), 2).</summary>
    public static long SpendCents(ref BlockRandom random) => UniformCents(ref random, 100, 1000);

    public static int Conversions(long clicks) => (int)(clicks * PurchaseConversionRate);

    /// <summary>sku_interest = choice(SKU001..SKU010): returns the 0-based SKU index.</summary>
    public static int Sku(ref BlockRandom random) => random.NextInt(SkuCount);

    /// <summary>num_transactions = choice([1, 2, 3], p=[0.4, 0.4, 0.2]).</summary>
    public static int TransactionsPerBuyer(ref BlockRandom random)
    {
        var u = random.NextDouble();
        return u < 0.4 ? 1 : u < 0.8 ? 2 : 3;
    }

    /// <summary>gap_days = randint(7, 60).</summary>
    public static int GapDays(ref BlockRandom random) => 7 + random.NextInt(53);

    /// <summary>num_sku_bought = choice([1, 2], p=[0.7, 0.3]).</summary>
    public static int SkusPerTransaction(ref BlockRandom random) => random.NextDouble() < 0.7 ? 1 : 2;

    /// <summary>price = round(uniform(50, 500), 2).</summary>
    public static long PriceCents(ref BlockRandom random) => UniformCents(ref random, 50, 500);

    /// <summary>qty = choice([1, 2, 3], p=[0.8, 0.15, 0.05]).</summary>
    public static int Quantity(ref BlockRandom random)
    {
        var u = random.NextDouble();
        return u < 0.8 ? 1 : u < 0.95 ? 2 : 3;
    }

    private static long UniformCents(ref BlockRandom random, int low, int high) =>
        (long)Math.Round((low + (high - low) * random.NextDouble()) * 100);
}
