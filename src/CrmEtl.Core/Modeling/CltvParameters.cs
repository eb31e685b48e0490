using System.Globalization;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Core.Modeling;

/// <summary>The CLTV stage's settings, from the run parameters (sql/parameters.csv, --set).</summary>
public static class CltvParameters
{
    /// <summary>The values the CLTV settings may take, checked with every parameter before the run loads anything.</summary>
    public static IReadOnlyList<ParameterDomain> Domains { get; } =
    [
        ParameterDomain.OneOf("cltv_model", PurchaseModels.Names),
        ParameterDomain.AtLeast("cltv_horizon_months", 1),
        ParameterDomain.AtLeast("cltv_monthly_discount_rate", 0),
        ParameterDomain.Above("cltv_time_unit_days", 0),
        ParameterDomain.AtLeast("cltv_penalizer", 0),
    ];

    /// <summary>The settings; <paramref name="asOf"/> ends the calibration period of a holdout.</summary>
    public static CltvOptions From(ParameterSet parameters, DateOnly asOf) => new(
        Model: Model(parameters["cltv_model"]),
        HorizonMonths: int.Parse(parameters["cltv_horizon_months"], CultureInfo.InvariantCulture),
        MonthlyDiscountRate: double.Parse(parameters["cltv_monthly_discount_rate"], CultureInfo.InvariantCulture),
        DaysPerTimeUnit: double.Parse(parameters["cltv_time_unit_days"], CultureInfo.InvariantCulture),
        Penalizer: double.Parse(parameters["cltv_penalizer"], CultureInfo.InvariantCulture),
        Holdout: Holdout(parameters, asOf));

    /// <summary>
    /// The holdout when cltv_holdout_end is set (an empty value, or a project whose parameters.csv predates it, means none);
    /// the calibration period ends at the as-of date.
    /// </summary>
    private static HoldoutPeriod? Holdout(ParameterSet parameters, DateOnly asOf)
    {
        var end = parameters.All.FirstOrDefault(p => p.Name.Equals("cltv_holdout_end", StringComparison.OrdinalIgnoreCase))?.Value;
        return string.IsNullOrWhiteSpace(end)
            ? null
            : new HoldoutPeriod(asOf, ParseDate(end));
    }

    private static CltvModel Model(string name) =>
        SqlNames.TryParse<CltvModel>(name, out var model) && PurchaseModels.All.Contains(model)
            ? model
            : throw new CrmEtlException($"Unknown CLTV model '{name}'; use one of: {string.Join(", ", PurchaseModels.Names)}.");

    private static DateOnly ParseDate(string value) => DateOnly.ParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
