using System.Globalization;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Core.Modeling;

/// <summary>The CLTV stage's settings, from the run parameters (sql/parameters.csv, --set).</summary>
public static class CltvParameters
{
    public static CltvOptions From(ParameterSet parameters) => new(
        Model: parameters["cltv_model"].Trim().ToLowerInvariant(),
        HorizonMonths: int.Parse(parameters["cltv_horizon_months"], CultureInfo.InvariantCulture),
        MonthlyDiscountRate: double.Parse(parameters["cltv_monthly_discount_rate"], CultureInfo.InvariantCulture),
        DaysPerTimeUnit: double.Parse(parameters["cltv_time_unit_days"], CultureInfo.InvariantCulture),
        Penalizer: double.Parse(parameters["cltv_penalizer"], CultureInfo.InvariantCulture));
}
