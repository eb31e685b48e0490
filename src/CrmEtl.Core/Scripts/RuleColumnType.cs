using System.Globalization;
using CrmEtl.Core.Resources;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// The SQL type of a rule table's column, from its values: BIGINT, DOUBLE, BOOLEAN or DATE when every
/// non-empty value is one, else VARCHAR. A column that is mostly numbers or dates with a stray
/// value (1k, 1.000,5, 2024-13-01) is a typo, not text: it is refused, naming the line.
/// </summary>
internal static class RuleColumnType
{
    public static string Infer(RuleFile file, int column)
    {
        var values = file.Lines.Select(l => (l.Number, Value: l.Fields[column])).Where(v => v.Value.Length > 0).ToList();
        if (values.Count == 0)
        {
            return "VARCHAR";
        }

        if (values.All(v => IsInteger(v.Value)))
        {
            return "BIGINT";
        }

        if (values.All(v => IsNumber(v.Value)))
        {
            return "DOUBLE";
        }

        if (values.All(v => bool.TryParse(v.Value, out _)))
        {
            return "BOOLEAN";
        }

        if (values.All(v => IsDate(v.Value)))
        {
            return "DATE";
        }

        RefuseStrayValue(file, column, values, IsNumber, "a number (e.g. 1000 or 12.5)");
        RefuseStrayValue(file, column, values, IsDate, "a date (YYYY-MM-DD)");
        return "VARCHAR";
    }

    private static void RefuseStrayValue(RuleFile file, int column, List<(long Number, string Value)> values, Func<string, bool> isKind, string kind)
    {
        var matching = values.Count(v => isKind(v.Value));
        if (matching >= 2 && matching > values.Count - matching)
        {
            var stray = values.First(v => !isKind(v.Value));
            throw new CrmEtlException(
                $"{ProjectFiles.Label(file.Path)}, line {stray.Number}, column '{file.Columns[column]}': \"{stray.Value}\" is not {kind}, " +
                "while the column's other values are. Leave the field empty for no value.");
        }
    }

    private static bool IsInteger(string value) => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);

    private static bool IsDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
