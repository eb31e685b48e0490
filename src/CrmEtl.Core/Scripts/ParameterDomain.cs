using System.Globalization;

namespace CrmEtl.Core.Scripts;

/// <summary>The values a parameter may take beyond its type: a count of at least 1, a rate ≥ 0, one of a list of names.</summary>
/// <param name="Allowed">The rule as the user reads it in the error, e.g. "a whole number ≥ 1".</param>
public sealed record ParameterDomain(string Name, string Allowed, Func<string, bool> Accepts)
{
    public static ParameterDomain OneOf(string name, IReadOnlyList<string> values) =>
        new(name, "one of " + string.Join(", ", values), value => values.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase));

    public static ParameterDomain AtLeast(string name, double minimum) =>
        new(name, $"a number ≥ {minimum.ToString(CultureInfo.InvariantCulture)}", value => Number(value) >= minimum);

    public static ParameterDomain Above(string name, double minimum) =>
        new(name, $"a number > {minimum.ToString(CultureInfo.InvariantCulture)}", value => Number(value) > minimum);

    public static ParameterDomain Between(string name, double minimum, double maximum) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $"a number from {minimum} to {maximum}"),
            value => Number(value) is var number && number >= minimum && number <= maximum);

    /// <summary>The value as a number; NaN (outside every domain) when it is not one, which the type check reports first.</summary>
    private static double Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : double.NaN;
}

/// <summary>The domains of the parameters the built-in scripts and the CLTV stage read.</summary>
public static class ParameterDomains
{
    public static IReadOnlyList<ParameterDomain> Known { get; } =
    [
        ParameterDomain.AtLeast("second_purchase_window_days", 0),
        ParameterDomain.AtLeast("tier_lookback_months", 1),
        ParameterDomain.Between("profit_margin_rate", 0, 1),
        ParameterDomain.AtLeast("cohort_max_months_since", 0),
        ParameterDomain.OneOf("returns", ["net", "drop"]),
        .. Modeling.CltvParameters.Domains,
    ];
}
