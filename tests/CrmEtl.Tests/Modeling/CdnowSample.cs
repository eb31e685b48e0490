using System.Globalization;
using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

/// <summary>
/// The CDNOW sample (2,357 customers, data/cdnow_sample_purchases.csv) summarised the way Fader, Hardie &amp; Lee (2005)
/// summarise it: purchases on the same day are one occasion, calibration ends 1997-09-30, time in weeks,
/// x = purchase days − 1, t_x = (last − first)/7, T = (1997-09-30 − first)/7 (the as-of day itself not counted:
/// this is the convention that reproduces the published log-likelihood −9582.43; counting it gives −9589.90),
/// monetary = mean spend of the repeat purchase days.
/// </summary>
internal static class CdnowSample
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    public sealed record Customer(string Id, PurchaseHistory History, double Monetary);

    private static readonly Lazy<IReadOnlyList<Customer>> Summary = new(Build);

    public static IReadOnlyList<Customer> Customers => Summary.Value;

    public static IReadOnlyList<PurchaseHistory> Histories => [.. Customers.Select(c => c.History)];

    private static List<Customer> Build()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "cdnow_sample_purchases.csv");
        var spendByDay = new Dictionary<string, SortedDictionary<DateOnly, double>>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split(',');
            var date = DateOnly.ParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (date > CalibrationEnd)
            {
                continue;
            }

            if (!spendByDay.TryGetValue(fields[0], out var days))
            {
                spendByDay[fields[0]] = days = [];
            }

            days[date] = days.GetValueOrDefault(date) + double.Parse(fields[3], CultureInfo.InvariantCulture);
        }

        return [.. spendByDay.Select(pair =>
        {
            var days = pair.Value.Keys.ToList();
            var first = days[0];
            var last = days[^1];
            var repeatSpend = pair.Value.Values.Skip(1).ToList();
            var history = new PurchaseHistory(days.Count - 1, (last.DayNumber - first.DayNumber) / 7.0, (CalibrationEnd.DayNumber - first.DayNumber) / 7.0);
            return new Customer(pair.Key, history, repeatSpend.Count > 0 ? repeatSpend.Average() : 0);
        })];
    }
}
