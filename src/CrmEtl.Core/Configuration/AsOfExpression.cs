using System.Globalization;

namespace CrmEtl.Core.Configuration;

/// <summary>
/// An as-of date as written on the command line or in crmetl.json: a date, or a name relative to
/// the clock's local date, so that a nightly job can say "yesterday" instead of a date.
/// </summary>
public static class AsOfExpression
{
    public const string Names = "today, yesterday, last-week-end (the last Sunday before today), last-month-end";

    public static DateOnly Resolve(string text, string what, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return text.Trim().ToLowerInvariant() switch
        {
            "today" => today,
            "yesterday" => today.AddDays(-1),
            "last-week-end" => today.AddDays(-DaysSinceLastSunday(today)),
            "last-month-end" => new DateOnly(today.Year, today.Month, 1).AddDays(-1),
            _ => DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new CrmEtlException($"{what}: '{text}' is not a date; write it as YYYY-MM-DD or one of {Names}."),
        };
    }

    /// <summary>Strictly before today: on a Sunday the last week-end is a week ago, as that week may still be loading.</summary>
    private static int DaysSinceLastSunday(DateOnly today) =>
        today.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)today.DayOfWeek;
}
