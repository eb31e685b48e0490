namespace CrmEtl.Core.Modeling;

/// <summary>What a customer is expected to do over the horizon.</summary>
/// <param name="ExpectedPurchases">Expected purchases over the whole horizon.</param>
/// <param name="DiscountedPurchases">Σ over months m of the purchases expected in month m, divided by (1 + d)^m;
/// CLV = expected average spend × this.</param>
public readonly record struct HorizonForecast(double ExpectedPurchases, double DiscountedPurchases);

/// <summary>
/// Discounted customer lifetime value over whole months, as lifetimes' customer_lifetime_value computes it:
/// CLV = E[M] · Σ_{m=1..H} (E[Y(m·u)] − E[Y((m−1)·u)]) / (1 + d)^m, with u the model's time units per month.
/// Unlike lifetimes (whose daily factor is 30 days per month), a month is 365.25/12 = 30.4375 days whatever the time unit,
/// so u = 30.4375 / days-per-unit (4.348 weeks, 30.4375 days).
/// </summary>
public sealed class CustomerLifetimeValue
{
    /// <summary>Mean Gregorian month length in days.</summary>
    public const double DaysPerMonth = 365.25 / 12;

    private readonly IPurchaseModel model;

    public CustomerLifetimeValue(IPurchaseModel model, double daysPerTimeUnit, int horizonMonths, double monthlyDiscountRate)
    {
        if (!(daysPerTimeUnit > 0) || !double.IsFinite(daysPerTimeUnit))
        {
            throw new CrmEtlException($"Days per time unit must be a number > 0; got {daysPerTimeUnit}.");
        }

        if (horizonMonths < 1)
        {
            throw new CrmEtlException($"The CLV horizon must be at least 1 month; got {horizonMonths}.");
        }

        if (!(monthlyDiscountRate >= 0) || !double.IsFinite(monthlyDiscountRate))
        {
            throw new CrmEtlException($"The monthly discount rate must be a number ≥ 0 (0.01 = 1 % a month); got {monthlyDiscountRate}.");
        }

        this.model = model;
        UnitsPerMonth = DaysPerMonth / daysPerTimeUnit;
        HorizonMonths = horizonMonths;
        MonthlyDiscountRate = monthlyDiscountRate;
    }

    /// <summary>The model's time units in one month.</summary>
    public double UnitsPerMonth { get; }

    public int HorizonMonths { get; }

    public double MonthlyDiscountRate { get; }

    /// <summary>Expected and discounted purchases over the horizon for a customer with this history.</summary>
    public HorizonForecast Forecast(PurchaseHistory history)
    {
        double previous = 0, discounted = 0;
        for (var month = 1; month <= HorizonMonths; month++)
        {
            var cumulative = model.ConditionalExpectedPurchases(month * UnitsPerMonth, history);
            discounted += (cumulative - previous) / Math.Pow(1 + MonthlyDiscountRate, month);
            previous = cumulative;
        }

        return new HorizonForecast(previous, discounted);
    }
}
