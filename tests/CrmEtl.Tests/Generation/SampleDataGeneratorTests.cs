using CrmEtl.Core;
using CrmEtl.Core.Generation;

namespace CrmEtl.Tests.Generation;

public sealed class SampleDataGeneratorTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "crmetl-gen-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Same_seed_writes_byte_identical_files_whatever_the_parallelism()
    {
        var first = SampleDataGenerator.Generate(new GenerationOptions(Path.Combine(root, "a"), Days: 12, Seed: 7));
        var second = SampleDataGenerator.Generate(new GenerationOptions(Path.Combine(root, "b"), Days: 12, Seed: 7));
        var singleThreaded = SampleDataGenerator.Generate(
            new GenerationOptions(Path.Combine(root, "c"), Days: 12, Seed: 7), progress: null, maxDegreeOfParallelism: 1);

        foreach (var other in new[] { second, singleThreaded })
        {
            Assert.Equal(File.ReadAllBytes(first.AdsPath), File.ReadAllBytes(other.AdsPath));
            Assert.Equal(File.ReadAllBytes(first.LeadsPath), File.ReadAllBytes(other.LeadsPath));
            Assert.Equal(File.ReadAllBytes(first.PurchasesPath), File.ReadAllBytes(other.PurchasesPath));
        }
    }

    [Fact]
    public void Different_seeds_write_different_files()
    {
        var first = SampleDataGenerator.Generate(new GenerationOptions(Path.Combine(root, "a"), Days: 3, Seed: 1));
        var second = SampleDataGenerator.Generate(new GenerationOptions(Path.Combine(root, "b"), Days: 3, Seed: 2));

        Assert.NotEqual(File.ReadAllBytes(first.AdsPath), File.ReadAllBytes(second.AdsPath));
        Assert.NotEqual(File.ReadAllBytes(first.LeadsPath), File.ReadAllBytes(second.LeadsPath));
        Assert.NotEqual(File.ReadAllBytes(first.PurchasesPath), File.ReadAllBytes(second.PurchasesPath));
    }

    [Fact]
    public void Result_counts_match_the_files_and_no_partial_files_remain()
    {
        var result = SampleDataGenerator.Generate(new GenerationOptions(root, Days: 4));

        Assert.Equal(
            [Path.Combine(root, "ads.csv"), Path.Combine(root, "leads.csv"), Path.Combine(root, "purchases.csv")],
            Directory.GetFiles(root).Order());
        Assert.Equal(4 * 9, result.AdRows);
        Assert.Equal(result.AdRows + 1, File.ReadLines(result.AdsPath).Count());
        Assert.Equal(result.LeadRows + 1, File.ReadLines(result.LeadsPath).Count());
        Assert.Equal(result.PurchaseLines + 1, File.ReadLines(result.PurchasesPath).Count());
        Assert.Equal(result.Transactions, File.ReadLines(result.PurchasesPath).Skip(1).Select(line => line.Split(',')[0]).Distinct().Count());
    }

    [Fact]
    public void Scale_multiplies_impressions_clicks_spend_and_leads_of_every_campaign_day()
    {
        var single = SampleDataGenerator.Generate(new GenerationOptions(Path.Combine(root, "x1"), Days: 3));
        var tenfold = SampleDataGenerator.Generate(new GenerationOptions(Path.Combine(root, "x10"), Days: 3, Scale: 10));

        var singleAds = AdsFigures(single.AdsPath);
        var tenfoldAds = AdsFigures(tenfold.AdsPath);
        Assert.Equal(singleAds.Select(ad => (ad.Impressions * 10, ad.Clicks * 10, ad.Spend * 10)), tenfoldAds);
        Assert.Equal(single.LeadRows * 10, tenfold.LeadRows);
        Assert.InRange(tenfold.PurchaseLines / (double)single.PurchaseLines, 9.5, 10.5);
    }

    [Fact]
    public void Days_set_the_period_and_purchases_never_pass_its_last_day()
    {
        var start = new DateOnly(2023, 2, 25);
        var result = SampleDataGenerator.Generate(new GenerationOptions(root, Days: 6, StartDate: start));

        var adDates = File.ReadLines(result.AdsPath).Skip(1).Select(line => line.Split(',')[2]).Distinct();
        Assert.Equal(["2023-02-25", "2023-02-26", "2023-02-27", "2023-02-28", "2023-03-01", "2023-03-02"], adDates);
        var purchaseDates = File.ReadLines(result.PurchasesPath).Skip(1).Select(line => line.Split(',')[1]).ToHashSet();
        Assert.Contains("2023-03-02", purchaseDates);
        Assert.All(purchaseDates, date => Assert.InRange(string.CompareOrdinal(date, "2023-03-02"), int.MinValue, 0));
    }

    [Fact]
    public void Gaps_between_a_buyers_transactions_are_7_to_59_days_unless_clipped_to_the_last_day()
    {
        // 150 days at a tenth of the leads: long enough for unclipped gaps to reach 59 days, about 20k buyers.
        var result = SampleDataGenerator.Generate(new GenerationOptions(root, Days: 150, Scale: 0.1));
        var lastDay = new DateOnly(2024, 1, 1).AddDays(149);
        var transactions = File.ReadLines(result.PurchasesPath).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (Transaction: f[0], Date: DateOnly.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), Customer: f[2]))
            .DistinctBy(line => line.Transaction);

        var clipped = 0;
        var unclippedGaps = new List<int>();
        foreach (var buyer in transactions.GroupBy(transaction => transaction.Customer))
        {
            var dates = buyer.Select(transaction => transaction.Date).ToList();
            for (var i = 1; i < dates.Count; i++)
            {
                var gap = dates[i].DayNumber - dates[i - 1].DayNumber;
                if (dates[i] == lastDay && gap < 59)
                {
                    Assert.InRange(gap, 0, 59);
                    clipped++;
                }
                else
                {
                    unclippedGaps.Add(gap);
                }
            }
        }

        Assert.All(unclippedGaps, gap => Assert.InRange(gap, 7, 59));
        Assert.Equal(7, unclippedGaps.Min());
        Assert.Equal(59, unclippedGaps.Max());
        Assert.True(clipped > 100, $"only {clipped} clipped gaps");
    }

    [Fact]
    public void Default_period_is_the_seeds_year_2024()
    {
        var options = new GenerationOptions("out");
        var period = new GenerationPeriod(options.EffectiveStartDate, options.Days);

        Assert.Equal(new DateOnly(2024, 1, 1), period.Start);
        Assert.Equal(new DateOnly(2024, 12, 31), period.LastDay);
        Assert.Equal(42, options.Seed);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(-5, 1.0)]
    [InlineData(10, 0.0)]
    [InlineData(10, -1.0)]
    [InlineData(10, double.NaN)]
    [InlineData(10, double.PositiveInfinity)]
    [InlineData(10, 101.0)]
    public void Invalid_days_or_scale_are_rejected_with_a_user_error(int days, double scale)
    {
        var error = Assert.Throws<CrmEtlException>(() => SampleDataGenerator.Generate(new GenerationOptions(root, days, scale)));
        Assert.Contains(days < 1 ? "--days" : "--scale", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_a_user_error()
    {
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "taken");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<CrmEtlException>(() => SampleDataGenerator.Generate(new GenerationOptions(file, Days: 1)));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_reports_finished_days_up_to_the_last()
    {
        var reports = new List<string>();
        SampleDataGenerator.Generate(new GenerationOptions(root, Days: 40), new SynchronousProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal("Generated 40 of 40 days", reports[^1]);
    }

    private static List<(long Impressions, long Clicks, decimal Spend)> AdsFigures(string path) =>
        [.. File.ReadLines(path).Skip(1).Select(line => line.Split(','))
            .Select(f => (long.Parse(f[3]), long.Parse(f[4]), decimal.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture)))];

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
