namespace CrmEtl.Core.Generation;

/// <summary>
/// One campaign on one day: the ads row, and where its leads and transactions start in the global
/// CUST/TXN numbering. Known before any lead is written, so every block can be generated independently.
/// </summary>
internal readonly record struct CampaignDay(
    int DayIndex,
    int CampaignIndex,
    int Impressions,
    int Clicks,
    long SpendCents,
    int Conversions,
    int Transactions,
    long FirstCustomerNumber,
    long FirstTransactionNumber)
{
    /// <summary>Day-major position of the block, the key of its random streams.</summary>
    public long BlockIndex => (long)DayIndex * CampaignCatalog.Campaigns.Count + CampaignIndex;
}
