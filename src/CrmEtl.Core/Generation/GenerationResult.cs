namespace CrmEtl.Core.Generation;

/// <summary>The three files written and what they hold.</summary>
public sealed record GenerationResult(
    string AdsPath,
    string LeadsPath,
    string PurchasesPath,
    long AdRows,
    long LeadRows,
    long PurchaseLines,
    long Transactions,
    TimeSpan Elapsed);
