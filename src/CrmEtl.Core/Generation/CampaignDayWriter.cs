using System.Buffers;

namespace CrmEtl.Core.Generation;

/// <summary>
/// Generates one campaign-day's leads and purchase lines, in the seed's order, straight into UTF-8 rows.
/// </summary>
internal static class CampaignDayWriter
{
    /// <summary>Writes the block's rows (no header) and returns the number of purchase lines.</summary>
    public static long Write(in CampaignDay block, GenerationPeriod period, int seed, Utf8RowBuffer leads, Utf8RowBuffer purchases)
    {
        var campaign = CampaignCatalog.Campaigns[block.CampaignIndex];
        var leadDate = period.DateUtf8(block.DayIndex);
        var body = new BlockRandom(seed, block.BlockIndex, RandomStream.Body);

        for (var lead = 0; lead < block.Clicks; lead++)
        {
            leads.Append(leadDate);
            leads.Append(",CUST"u8);
            leads.AppendDigits(block.FirstCustomerNumber + lead, 7);
            leads.Append((byte)',');
            leads.Append(CampaignCatalog.SkuUtf8[SeedDistributions.Sku(ref body)]);
            leads.Append(campaign.LeadRowEnding);
        }

        // The same stream the planner summed, so the transaction numbers come out exactly as planned.
        var counts = new BlockRandom(seed, block.BlockIndex, RandomStream.TransactionCounts);
        var leadOffsets = ArrayPool<int>.Shared.Rent(Math.Max(block.Clicks, 1));
        try
        {
            for (var i = 0; i < block.Clicks; i++)
                leadOffsets[i] = i;

            var transaction = block.FirstTransactionNumber;
            long lines = 0;
            for (var buyer = 0; buyer < block.Conversions; buyer++)
            {
                // Partial Fisher–Yates: distinct buyers in random order, like numpy's choice(replace=False).
                var pick = buyer + body.NextInt(block.Clicks - buyer);
                (leadOffsets[buyer], leadOffsets[pick]) = (leadOffsets[pick], leadOffsets[buyer]);
                var customer = block.FirstCustomerNumber + leadOffsets[buyer];

                var purchaseDay = block.DayIndex;
                var transactionsOfBuyer = SeedDistributions.TransactionsPerBuyer(ref counts);
                for (var n = 0; n < transactionsOfBuyer; n++)
                {
                    if (n > 0)
                        purchaseDay = Math.Min(purchaseDay + SeedDistributions.GapDays(ref body), period.LastDayIndex);
                    lines += WriteTransaction(transaction++, period.DateUtf8(purchaseDay), customer, ref body, purchases);
                }
            }

            if (transaction != block.FirstTransactionNumber + block.Transactions)
                throw new InvalidOperationException($"Block {block.BlockIndex} wrote {transaction - block.FirstTransactionNumber} transactions, planned {block.Transactions}.");
            return lines;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(leadOffsets);
        }
    }

    private static int WriteTransaction(long transaction, ReadOnlySpan<byte> date, long customer, ref BlockRandom body, Utf8RowBuffer purchases)
    {
        var skuCount = SeedDistributions.SkusPerTransaction(ref body);
        var firstSku = SeedDistributions.Sku(ref body);
        for (var line = 0; line < skuCount; line++)
        {
            var sku = firstSku;
            if (line == 1)
            {
                // A second SKU distinct from the first: uniform over the other nine.
                sku = body.NextInt(SeedDistributions.SkuCount - 1);
                if (sku >= firstSku)
                    sku++;
            }

            purchases.Append("TXN"u8);
            purchases.AppendDigits(transaction, 7);
            purchases.Append((byte)',');
            purchases.Append(date);
            purchases.Append(",CUST"u8);
            purchases.AppendDigits(customer, 7);
            purchases.Append((byte)',');
            purchases.Append(CampaignCatalog.SkuUtf8[sku]);
            purchases.Append((byte)',');
            purchases.AppendCents(SeedDistributions.PriceCents(ref body));
            purchases.Append((byte)',');
            purchases.AppendDigits(SeedDistributions.Quantity(ref body));
            purchases.Append((byte)'\n');
        }
        return skuCount;
    }
}
