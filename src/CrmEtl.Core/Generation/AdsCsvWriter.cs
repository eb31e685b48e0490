namespace CrmEtl.Core.Generation;

/// <summary>Writes ads.csv: one row per campaign-day, leads = clicks, cpl = round(spend / clicks, 2).</summary>
internal static class AdsCsvWriter
{
    public static void Write(Stream output, IReadOnlyList<CampaignDay> blocks, GenerationPeriod period)
    {
        using var rows = new Utf8RowBuffer(64 * 1024);
        rows.Append(SampleCsvHeaders.Ads);
        foreach (var block in blocks)
        {
            rows.Append(CampaignCatalog.Campaigns[block.CampaignIndex].AdRowStart);
            rows.Append(period.DateUtf8(block.DayIndex));
            rows.Append((byte)',');
            rows.AppendDigits(block.Impressions);
            rows.Append((byte)',');
            rows.AppendDigits(block.Clicks);
            rows.Append((byte)',');
            rows.AppendCents(block.SpendCents);
            rows.Append((byte)',');
            rows.AppendDigits(block.Clicks);
            rows.Append((byte)',');
            rows.AppendCents(CostPerLeadCents(block.SpendCents, block.Clicks));
            rows.Append((byte)',');
            rows.AppendDigits(block.Conversions);
            rows.Append((byte)'\n');
            if (rows.Length > 60 * 1024)
            {
                rows.WriteTo(output);
                rows.Clear();
            }
        }
        rows.WriteTo(output);
    }

    /// <summary>
    /// round(spend / clicks, 2) in exact integer arithmetic, ties to even; the seed writes 0 when there are
    /// no clicks (only possible here with a scale below 1/100).
    /// </summary>
    internal static long CostPerLeadCents(long spendCents, long clicks)
    {
        if (clicks == 0)
            return 0;
        var quotient = Math.DivRem(spendCents, clicks, out var remainder);
        var twice = 2 * remainder;
        return twice > clicks || (twice == clicks && quotient % 2 == 1) ? quotient + 1 : quotient;
    }
}
