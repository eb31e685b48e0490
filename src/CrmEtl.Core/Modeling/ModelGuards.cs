using System.Globalization;

namespace CrmEtl.Core.Modeling;

/// <summary>The checks the models share: on the data before a purchase-model fit, on a history, a horizon and a parameter.</summary>
internal static class ModelGuards
{
    /// <summary>
    /// Without a single repeat purchase the likelihood increases without bound as r → 0 and says nothing about a and b:
    /// no fit exists, so say so instead of returning a parameter set that means nothing.
    /// </summary>
    public static void RequireRepeatBuyers(HistoryTable table, CltvModel model)
    {
        if (table.TotalWeight <= 0)
        {
            throw new CrmEtlException($"The {model.SqlName()} model cannot be fitted: there are no customers.");
        }

        if (table.RepeatWeight <= 0)
        {
            var customers = table.TotalWeight.ToString("G", CultureInfo.InvariantCulture);
            throw new CrmEtlException(
                $"The {model.SqlName()} model cannot be fitted: none of the {customers} customers has a repeat purchase " +
                "(every frequency is 0), so the data say nothing about purchase rates or dropout. " +
                "Check that frequency = distinct purchase days − 1, or use a longer observation period.");
        }
    }

    public static void RequireValid(PurchaseHistory history)
    {
        if (history.Problem() is { } problem)
        {
            throw new ArgumentException($"Invalid history (x = {history.Frequency}, t_x = {history.Recency}, T = {history.T}): {problem}.", nameof(history));
        }
    }

    public static void RequireHorizon(double t)
    {
        if (!(t >= 0) || !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be a finite time ≥ 0.");
        }
    }

    public static double RequirePositive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Model parameters must be finite and > 0.");
}
