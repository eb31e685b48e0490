namespace CrmEtl.Core.Explain;

/// <summary>
/// Why one customer is where they are, as of the database's last successful run: facts read from
/// the stored tables and the rule tables the run loaded (see <see cref="CustomerExplainer"/>).
/// A section is null when the customer is not in that analysis.
/// </summary>
public sealed record CustomerExplanation(
    string CustomerId,
    long RunId,
    DateOnly AsOf,
    PurchaseSummary? Purchases,
    ReturnSummary? Returns,
    LifecycleFlags Lifecycle,
    TierExplanation? Tier,
    RfmExplanation? Rfm,
    CltvExplanation? Cltv,
    PersonaExplanation? Persona,
    IReadOnlyList<string> Notes);

/// <summary>Purchases up to the as-of date (customer_purchase_totals): amount and units net of returns when returns = net.</summary>
public sealed record PurchaseSummary(DateOnly FirstPurchase, DateOnly LastPurchase, long Transactions, double Units, double Amount);

/// <summary>Return lines up to the as-of date (purchase_returns); CountedAmount is what the analyses subtracted (0 with returns = drop).</summary>
public sealed record ReturnSummary(long Lines, long Transactions, double Amount, double CountedAmount, DateOnly FirstReturn, DateOnly LastReturn, string ReturnsRule);

/// <summary>The funnel's stages for the customer: lead, first purchase, retention and the second purchase within its window (transaction_flags).</summary>
public sealed record LifecycleFlags(
    long Leads, DateOnly? FirstLeadDate, string? FirstLeadCampaign, string? FirstLeadSource,
    bool Buyer, bool Retained, bool SecondPurchase, DateOnly? SecondPurchaseDate, long? DaysToSecondPurchase, long? SecondPurchaseWindowDays);

/// <summary>One rule of tier_rules evaluated for the customer; Decided marks the first match, the rule that gave the tier.</summary>
public sealed record TierRuleCheck(
    long Priority, string Tier, double? AmountAbove, long? TransactionsAtLeast, string Combine,
    bool? AmountMet, bool? TransactionsMet, bool Matches, bool Decided, string Reason);

/// <summary>The customer's tier (customer_tiers), the window's spend and transactions, and every rule checked in priority order (none when the tier script stores no rule macros).</summary>
public sealed record TierExplanation(
    string Tier, double Amount, long Transactions, long LookbackMonths, DateOnly? WindowStart, IReadOnlyList<TierRuleCheck> Rules);

/// <summary>A row of rfm_segments: the score ranges of a segment.</summary>
public sealed record RfmSegmentRule(long RuleOrder, long RecencyScoreMin, long RecencyScoreMax, long FrequencyScoreMin, long FrequencyScoreMax, string Segment);

/// <summary>
/// The customer's RFM values and scores (customer_rfm), the four inner quintile edges of each
/// measure (rfm_quintile_edges; frequency is cut on its rank), the scores those edges give, and
/// the first segment rule holding the scores.
/// </summary>
public sealed record RfmExplanation(
    double Recency, double Frequency, double Monetary, long? FrequencyRank, long Customers,
    int RecencyScore, int FrequencyScore, int MonetaryScore, string Segment,
    IReadOnlyList<double>? RecencyEdges, IReadOnlyList<double>? FrequencyRankEdges, IReadOnlyList<double>? MonetaryEdges,
    int? RecencyScoreFromEdges, int? FrequencyScoreFromEdges, int? MonetaryScoreFromEdges,
    double? FrequencyScoreLow, double? FrequencyScoreHigh, RfmSegmentRule? MatchedRule);

/// <summary>The CLTV model's view of the customer (cltv_summary, time in units of TimeUnitDays) and its predictions (cltv_predictions).</summary>
public sealed record CltvExplanation(
    double X, double Tx, double T, double? RepeatSpend, double TimeUnitDays, long? HorizonMonths, string? Model,
    double? PAlive, double? ExpectedPurchases, double? ExpectedAvgValue, double? Clv, double? ClvScaled, string? ClvSegment,
    string? SimpleCltvSegment);

/// <summary>The customer's persona (customer_personas) and its segment (persona_segments).</summary>
public sealed record PersonaExplanation(string Persona, string? Attributes, long? Customers, double? AvgMonetary, string? Segment);
