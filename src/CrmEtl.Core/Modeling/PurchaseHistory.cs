namespace CrmEtl.Core.Modeling;

/// <summary>
/// One customer's repeat-purchase history, the data of the BG/NBD family (Fader, Hardie &amp; Lee 2005, §2).
/// </summary>
/// <param name="Frequency">x: the number of <em>repeat</em> purchase occasions = distinct purchase days − 1 (a one-time buyer has 0).
/// Not the RFM "number of transactions".</param>
/// <param name="Recency">t_x: time from the first to the last purchase (0 for a one-time buyer). Not RFM's "time since the last purchase".</param>
/// <param name="T">T: time from the first purchase to the end of the observation period.</param>
/// <remarks>Recency and T are in the model's time unit (weeks by default); predictions use the same unit.</remarks>
public readonly record struct PurchaseHistory(double Frequency, double Recency, double T)
{
    /// <summary>Frequencies above this are not plausible purchase-day counts and are treated as bad data.</summary>
    public const double MaximumFrequency = 10_000_000;

    /// <summary>Null when the history is one a purchase model can take, otherwise what is wrong with it.</summary>
    public string? Problem()
    {
        if (!double.IsFinite(Frequency) || !double.IsFinite(Recency) || !double.IsFinite(T))
        {
            return "frequency, recency and T must be numbers";
        }

        if (Frequency < 0 || Frequency != Math.Floor(Frequency) || Frequency > MaximumFrequency)
        {
            return "frequency must be a whole number ≥ 0 (distinct purchase days − 1)";
        }

        if (Recency < 0 || Recency > T)
        {
            return "recency must be between 0 and T";
        }

        return Frequency == 0 && Recency != 0 ? "a one-time buyer (frequency 0) must have recency 0" : null;
    }
}
