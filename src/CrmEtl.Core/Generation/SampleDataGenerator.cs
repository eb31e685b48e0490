using System.Diagnostics;

namespace CrmEtl.Core.Generation;

/// <summary>
/// Writes ads.csv, leads.csv and purchases.csv with the columns and distributions of the seed's
/// generator (seeds/000_db0854c2735afea9.txt). Reproduces it statistically, not numpy's random stream:
/// the same options give byte-identical files on any machine and any number of threads.
/// </summary>
public static class SampleDataGenerator
{
    public const string AdsFileName = "ads.csv";
    public const string LeadsFileName = "leads.csv";
    public const string PurchasesFileName = "purchases.csv";

    public static GenerationResult Generate(GenerationOptions options, IProgress<string>? progress = null) =>
        Generate(options, progress, maxDegreeOfParallelism: -1);

    /// <summary>The parallelism knob exists for the test that output does not depend on it.</summary>
    internal static GenerationResult Generate(GenerationOptions options, IProgress<string>? progress, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var period = new GenerationPeriod(options.EffectiveStartDate, options.Days);
        var directory = Path.GetFullPath(options.OutputDirectory);

        try
        {
            Directory.CreateDirectory(directory);
            using var ads = new StagedFile(Path.Combine(directory, AdsFileName));
            using var leads = new StagedFile(Path.Combine(directory, LeadsFileName));
            using var purchases = new StagedFile(Path.Combine(directory, PurchasesFileName));

            var blocks = CampaignDayPlanner.Plan(period, options.Scale, options.Seed, parallel);
            AdsCsvWriter.Write(ads.Stream, blocks, period);
            leads.Stream.Write(SampleCsvHeaders.Leads);
            purchases.Stream.Write(SampleCsvHeaders.Purchases);
            var purchaseLines = CampaignDayPipeline.Run(
                blocks, period, options.Seed, options.Scale, leads.Stream, purchases.Stream, parallel, progress);

            ads.Commit();
            leads.Commit();
            purchases.Commit();
            return new GenerationResult(
                ads.Path,
                leads.Path,
                purchases.Path,
                AdRows: blocks.Length,
                LeadRows: blocks.Sum(block => (long)block.Clicks),
                PurchaseLines: purchaseLines,
                Transactions: blocks.Sum(block => (long)block.Transactions),
                Elapsed: stopwatch.Elapsed);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CrmEtlException($"generate: cannot write the sample files to {directory}: {error.Message}", error);
        }
    }
}
