namespace CrmEtl.Core.Modeling;

/// <summary>Something the user should know about the CLTV run, and how many customers it concerns.</summary>
public sealed record CltvWarning(string Text, long Count);

/// <summary>Wall-clock time of each step of the CLTV stage.</summary>
public sealed record CltvTimings(TimeSpan Read, TimeSpan Group, TimeSpan PurchaseFit, TimeSpan SpendFit, TimeSpan Predict, TimeSpan Write)
{
    public TimeSpan Total => Read + Group + PurchaseFit + SpendFit + Predict + Write;
}

/// <summary>The outcome of the CLTV stage: the fits (null when a model could not be fitted; see the warnings), warnings, timings.</summary>
public sealed record CltvResult(
    long Customers,
    FittedPurchaseModel? Purchases,
    FittedSpendModel? Spend,
    IReadOnlyList<CltvWarning> Warnings,
    CltvTimings Timings);
