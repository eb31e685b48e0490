namespace CrmEtl.Core.Modeling;

/// <summary>
/// A repeat customer's spend, the data of the Gamma-Gamma model.
/// </summary>
/// <param name="Frequency">x: number of repeat purchase occasions (≥ 1), the same x as in <see cref="PurchaseHistory"/>.</param>
/// <param name="Monetary">m̄_x: mean spend per repeat purchase occasion (the first purchase is left out), &gt; 0.
/// Not the RFM "total spend".</param>
public readonly record struct SpendHistory(double Frequency, double Monetary)
{
    /// <summary>Null when the Gamma-Gamma model can take this customer, otherwise why not.</summary>
    public string? Problem()
    {
        if (!double.IsFinite(Frequency) || Frequency < 1 || Frequency != Math.Floor(Frequency) || Frequency > PurchaseHistory.MaximumFrequency)
        {
            return "the Gamma-Gamma model needs a whole frequency ≥ 1 (customers with repeat purchases)";
        }

        return Monetary > 0 && double.IsFinite(Monetary) ? null : "the Gamma-Gamma model needs a positive mean spend";
    }
}
