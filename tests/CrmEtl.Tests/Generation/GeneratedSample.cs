using System.Globalization;
using System.IO.Compression;
using CrmEtl.Core.Generation;

namespace CrmEtl.Tests.Generation;

internal sealed record AdRow(
    string CampaignId, string Source, DateOnly Date, long Impressions, long Clicks, decimal Spend, long Leads, decimal Cpl, long Conversions);

internal sealed record LeadRow(DateOnly LeadDate, string CustomerId, string SkuInterest, string CampaignId, string Source);

internal sealed record PurchaseLine(string TransactionId, DateOnly PurchaseDate, string CustomerId, string Sku, decimal Price, int Qty);

/// <summary>The three sample files parsed back (plain comma splitting: the generator never quotes).</summary>
internal sealed record GeneratedSample(
    IReadOnlyList<string> Headers, IReadOnlyList<AdRow> Ads, IReadOnlyList<LeadRow> Leads, IReadOnlyList<PurchaseLine> Purchases)
{
    public static GeneratedSample Read(string adsPath, string leadsPath, string purchasesPath)
    {
        var ads = ReadLines(adsPath);
        var leads = ReadLines(leadsPath);
        var purchases = ReadLines(purchasesPath);
        return new GeneratedSample(
            [ads[0], leads[0], purchases[0]],
            [.. ads.Skip(1).Select(line => line.Split(',')).Select(f => new AdRow(
                f[0], f[1], Date(f[2]), long.Parse(f[3]), long.Parse(f[4]), Money(f[5]), long.Parse(f[6]), Money(f[7]), long.Parse(f[8])))],
            [.. leads.Skip(1).Select(line => line.Split(',')).Select(f => new LeadRow(Date(f[0]), f[1], f[2], f[3], f[4]))],
            [.. purchases.Skip(1).Select(line => line.Split(',')).Select(f => new PurchaseLine(
                f[0], Date(f[1]), f[2], f[3], Money(f[4]), int.Parse(f[5])))]);
    }

    /// <summary>Reads plain or .gz files (the seed fixtures are gzipped).</summary>
    public static List<string> ReadLines(string path)
    {
        using var file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(content);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return lines;
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Money(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>Thirty days at scale 1 and seed 42, generated once for the shape tests (about 80k leads).</summary>
public sealed class ThirtyDaySampleFixture : IDisposable
{
    public const int Days = 30;

    public ThirtyDaySampleFixture()
    {
        OutputDirectory = Path.Combine(Path.GetTempPath(), "crmetl-gen-" + Guid.NewGuid().ToString("N"));
        Result = SampleDataGenerator.Generate(new GenerationOptions(OutputDirectory, Days));
        Sample = GeneratedSample.Read(Result.AdsPath, Result.LeadsPath, Result.PurchasesPath);
    }

    public string OutputDirectory { get; }

    public GenerationResult Result { get; }

    internal GeneratedSample Sample { get; }

    public void Dispose() => Directory.Delete(OutputDirectory, recursive: true);
}
