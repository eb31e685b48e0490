using System.Text;

namespace CrmEtl.Core.Generation;

/// <summary>A campaign of the seed, with the UTF-8 text its CSV rows repeat.</summary>
internal sealed record Campaign(string Id, string Source)
{
    /// <summary>",campaign_id,source\n": how every lead row of this campaign ends.</summary>
    public byte[] LeadRowEnding { get; } = Encoding.UTF8.GetBytes($",{Id},{Source}\n");

    /// <summary>"campaign_id,source,": how every ads row of this campaign starts.</summary>
    public byte[] AdRowStart { get; } = Encoding.UTF8.GetBytes($"{Id},{Source},");
}

/// <summary>The seed's fixed world: three sources with three campaigns each, and ten SKUs.</summary>
internal static class CampaignCatalog
{
    public static readonly IReadOnlyList<string> Sources = ["Google", "TikTok", "Facebook"];

    public const int CampaignsPerSource = 3;

    /// <summary>Source-major order (Google_Camp1, Google_Camp2, …, Facebook_Camp3), as the seed loops.</summary>
    public static readonly IReadOnlyList<Campaign> Campaigns =
        [.. Sources.SelectMany(source =>
            Enumerable.Range(1, CampaignsPerSource).Select(i => new Campaign($"{source}_Camp{i}", source)))];

    /// <summary>SKU001 … SKU010 in UTF-8, indexed from 0.</summary>
    public static readonly IReadOnlyList<byte[]> SkuUtf8 =
        [.. Enumerable.Range(1, SeedDistributions.SkuCount).Select(i => Encoding.UTF8.GetBytes($"SKU{i:000}"))];
}
