using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// The first and last dates of the loaded inputs, read in one pass over them: the default as-of date, and the check
/// that catches an as-of date that leaves nothing to analyse, such as a mistyped year.
/// </summary>
internal sealed record InputDates(DateTime? Earliest, DateTime? Latest)
{
    /// <summary>Latest is the last purchase (or, without purchases, the last dated row of the first source that has one).</summary>
    public static InputDates Read(DuckDBConnection connection) => connection.QuerySingle<InputDates>("""
        WITH purchase_dates AS (SELECT min(purchase_date) AS first, max(purchase_date) AS last FROM purchases),
             customer_dates AS (SELECT min(first_purchase_date) AS first, max(last_purchase_date) AS last FROM customers),
             lead_dates AS (SELECT min(lead_date) AS first, max(lead_date) AS last FROM leads),
             ad_dates AS (SELECT min(date) AS first, max(date) AS last FROM ads)
        SELECT (SELECT min(d) FROM (VALUES (p.first), (c.first), (l.first), (a.first)) AS v(d))::TIMESTAMP AS Earliest,
               coalesce(p.last, c.last, l.last, a.last)::TIMESTAMP AS Latest
        FROM purchase_dates AS p, customer_dates AS c, lead_dates AS l, ad_dates AS a
        """);

    /// <summary>The as-of date given, or else the latest date of the inputs.</summary>
    public DateOnly AsOf(DateOnly? given) =>
        given ?? (Latest is { } latest
            ? DateOnly.FromDateTime(latest)
            : throw new CrmEtlException("The inputs hold no dates to take the as-of date from; give one with --as-of YYYY-MM-DD."));

    public string? Warning(DateOnly asOf) =>
        Earliest is { } first && DateOnly.FromDateTime(first) > asOf
            ? $"the as-of date {asOf:yyyy-MM-dd} is before the first date in the inputs ({first:yyyy-MM-dd}): every analysis is empty"
            : null;
}
