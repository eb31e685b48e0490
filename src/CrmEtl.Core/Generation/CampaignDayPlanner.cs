namespace CrmEtl.Core.Generation;

/// <summary>
/// Draws every campaign-day's ads figures and transaction count, then numbers customers and transactions
/// with running sums (the seed's customer_counter and transaction_id), so the generation pass needs no
/// coordination between blocks.
/// </summary>
internal static class CampaignDayPlanner
{
    public static CampaignDay[] Plan(GenerationPeriod period, double scale, int seed, ParallelOptions parallel)
    {
        var campaigns = CampaignCatalog.Campaigns.Count;
        var blocks = new CampaignDay[period.Days * campaigns];
        Parallel.For(0, blocks.Length, parallel, i => blocks[i] = Draw(i / campaigns, i % campaigns, scale, seed));

        long nextCustomer = 1;
        long nextTransaction = 1;
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = blocks[i] with { FirstCustomerNumber = nextCustomer, FirstTransactionNumber = nextTransaction };
            nextCustomer += blocks[i].Clicks;
            nextTransaction += blocks[i].Transactions;
        }
        return blocks;
    }

    /// <summary>
    /// Scale multiplies impressions, clicks and spend alike, so click-through rate, cost per lead and
    /// conversion keep the seed's distributions while the leads (and everything after them) grow.
    /// </summary>
    private static CampaignDay Draw(int dayIndex, int campaignIndex, double scale, int seed)
    {
        var block = new CampaignDay(dayIndex, campaignIndex, 0, 0, 0, 0, 0, 0, 0);
        var header = new BlockRandom(seed, block.BlockIndex, RandomStream.AdHeader);
        var impressions = SeedDistributions.Impressions(ref header);
        var clicks = SeedDistributions.Clicks(ref header, impressions);
        var spendCents = SeedDistributions.SpendCents(ref header);

        var scaledClicks = (int)Math.Round(clicks * scale);
        var conversions = SeedDistributions.Conversions(scaledClicks);
        var counts = new BlockRandom(seed, block.BlockIndex, RandomStream.TransactionCounts);
        var transactions = 0;
        for (var buyer = 0; buyer < conversions; buyer++)
            transactions += SeedDistributions.TransactionsPerBuyer(ref counts);

        return block with
        {
            Impressions = (int)Math.Round(impressions * scale),
            Clicks = scaledClicks,
            SpendCents = (long)Math.Round(spendCents * scale),
            Conversions = conversions,
            Transactions = transactions,
        };
    }
}
