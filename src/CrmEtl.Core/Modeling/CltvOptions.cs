namespace CrmEtl.Core.Modeling;

/// <summary>Settings of the CLTV stage.</summary>
/// <param name="Model">Purchase model: BG/NBD (default), MBG/NBD or Pareto/NBD.</param>
/// <param name="HorizonMonths">CLV and expected purchases are over this many months (a month = 365.25/12 days).</param>
/// <param name="MonthlyDiscountRate">Discount per month (0.01 = 1 %), applied as (1 + d)^month.</param>
/// <param name="DaysPerTimeUnit">The time unit of recency and t in cltv_summary, in days (7 = weeks).</param>
/// <param name="Penalizer">L2 penalizer on the parameters (lifetimes' penalizer_coef); 0 = plain maximum likelihood.</param>
/// <param name="Holdout">When set, the predictions are validated on the holdout period (cltv_holdout, cltv_tracking).</param>
public sealed record CltvOptions(
    CltvModel Model = CltvModel.BgNbd,
    int HorizonMonths = 6,
    double MonthlyDiscountRate = 0.01,
    double DaysPerTimeUnit = 7,
    double Penalizer = 0,
    HoldoutPeriod? Holdout = null)
{
    /// <summary>Throws <see cref="CrmEtlException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!PurchaseModels.All.Contains(Model))
        {
            throw new CrmEtlException($"'{Model.SqlName()}' is not a purchase model; use one of: {string.Join(", ", PurchaseModels.Names)}.");
        }

        if (HorizonMonths < 1)
        {
            throw new CrmEtlException($"The CLTV horizon must be at least 1 month; got {HorizonMonths}.");
        }

        if (!(MonthlyDiscountRate >= 0) || !double.IsFinite(MonthlyDiscountRate))
        {
            throw new CrmEtlException($"The monthly discount rate must be a number ≥ 0 (0.01 = 1 % a month); got {MonthlyDiscountRate}.");
        }

        if (!(DaysPerTimeUnit > 0) || !double.IsFinite(DaysPerTimeUnit))
        {
            throw new CrmEtlException($"Days per time unit must be a number > 0 (7 = weeks); got {DaysPerTimeUnit}.");
        }

        if (!(Penalizer >= 0) || !double.IsFinite(Penalizer))
        {
            throw new CrmEtlException($"The CLTV penalizer must be a number ≥ 0; got {Penalizer}.");
        }

        Holdout?.Validate();
    }
}
