namespace CrmEtl.Core.Generation;

/// <summary>The header lines of the three files, exactly the seed's DataFrame columns in its order.</summary>
internal static class SampleCsvHeaders
{
    public static ReadOnlySpan<byte> Ads => "campaign_id,source,date,impressions,clicks,spend,leads,cpl,conversions\n"u8;

    public static ReadOnlySpan<byte> Leads => "lead_date,customer_id,sku_interest,campaign_id,source\n"u8;

    public static ReadOnlySpan<byte> Purchases => "transaction_id,purchase_date,customer_id,sku,price,qty\n"u8;
}
