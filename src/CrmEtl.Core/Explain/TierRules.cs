using System.Globalization;

namespace CrmEtl.Core.Explain;

/// <summary>
/// Words for a tier rule's outcome. The outcome itself (each threshold met, the rule matched, the
/// rule that decided) comes from explain/tier_rules.sql, which applies the tier script's macro.
/// </summary>
internal static class TierRules
{
    public static TierRuleCheck Check(ExplainRow row)
    {
        var check = new TierRuleCheck(
            row.Long("priority") ?? 0, row.Text("tier") ?? string.Empty, row.Double("amount_above"), row.Long("transactions_at_least"),
            row.Text("combine") ?? "any", row.Bool("amount_met"), row.Bool("transactions_met"), row.Bool("matches") ?? false,
            row.Bool("decided") ?? false, string.Empty);
        return check with { Reason = Reason(check, row.Double("total_amount") ?? 0, row.Long("freq") ?? 0) };
    }

    private static string Reason(TierRuleCheck rule, double amount, long transactions)
    {
        var conditions = new List<(string Needs, string Has, bool Met)>();
        if (rule.AmountAbove is { } above)
        {
            conditions.Add(($"spend above {Money(above)}", $"spend {Money(amount)}", rule.AmountMet ?? false));
        }

        if (rule.TransactionsAtLeast is { } least)
        {
            conditions.Add(($"at least {Count(least)} transaction(s)", $"{Count(transactions)} transaction(s)", rule.TransactionsMet ?? false));
        }

        if (transactions == 0)
        {
            return "no purchase in the window";
        }

        if (conditions.Count == 0)
        {
            return "no threshold: every customer with a purchase in the window";
        }

        var joiner = rule.Combine == "all" ? " and " : " or ";
        var needs = string.Join(joiner, conditions.Select(c => c.Needs));
        if (rule.Matches)
        {
            return $"needs {needs}; has {string.Join(", ", conditions.Where(c => c.Met || rule.Combine == "all").Select(c => c.Has))}";
        }

        return $"needs {needs}; has {string.Join(" and ", conditions.Select(c => c.Has))}";
    }

    public static string Money(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
