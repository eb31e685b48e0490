namespace CrmEtl.Tests.Generation;

/// <summary>The generated 30 days follow the seed generator's rules and distributions.</summary>
public sealed class GeneratedSampleShapeTests(ThirtyDaySampleFixture fixture) : IClassFixture<ThirtyDaySampleFixture>
{
    private static readonly DateOnly Start = new(2024, 1, 1);
    private readonly GeneratedSample sample = fixture.Sample;

    [Fact]
    public void Headers_are_the_seed_columns_in_order()
    {
        Assert.Equal(
            [
                "campaign_id,source,date,impressions,clicks,spend,leads,cpl,conversions",
                "lead_date,customer_id,sku_interest,campaign_id,source",
                "transaction_id,purchase_date,customer_id,sku,price,qty",
            ],
            sample.Headers);
    }

    [Fact]
    public void Ads_have_one_row_per_campaign_and_day_in_seed_order()
    {
        string[] campaigns =
        [
            "Google_Camp1", "Google_Camp2", "Google_Camp3", "TikTok_Camp1", "TikTok_Camp2", "TikTok_Camp3",
            "Facebook_Camp1", "Facebook_Camp2", "Facebook_Camp3",
        ];
        var expected = Enumerable.Range(0, ThirtyDaySampleFixture.Days)
            .SelectMany(day => campaigns.Select(campaign => (campaign, campaign.Split('_')[0], Start.AddDays(day))));
        Assert.Equal(expected, sample.Ads.Select(ad => (ad.CampaignId, ad.Source, ad.Date)));
    }

    [Fact]
    public void Ads_rows_draw_impressions_clicks_and_spend_in_the_seed_ranges()
    {
        Assert.All(sample.Ads, ad =>
        {
            Assert.InRange(ad.Impressions, 1000, 9999);
            Assert.InRange(ad.Clicks, 50, Math.Max(51, ad.Impressions / 10) - 1);
            Assert.InRange(ad.Spend, 100m, 1000m);
            Assert.Equal(ad.Spend, decimal.Round(ad.Spend, 2));
            Assert.Equal(ad.Clicks, ad.Leads);
            Assert.Equal(decimal.Round(ad.Spend / ad.Clicks, 2, MidpointRounding.ToEven), ad.Cpl);
            Assert.Equal((long)(ad.Clicks * 0.64), ad.Conversions);
        });
    }

    [Fact]
    public void Every_click_is_a_lead_with_a_sequential_customer_id()
    {
        Assert.Equal(sample.Ads.Sum(ad => ad.Clicks), sample.Leads.Count);
        Assert.Equal(
            Enumerable.Range(1, sample.Leads.Count).Select(n => $"CUST{n:0000000}"),
            sample.Leads.Select(lead => lead.CustomerId));

        var leadsPerCampaignDay = sample.Leads.CountBy(lead => (lead.LeadDate, lead.CampaignId, lead.Source));
        Assert.Equal(
            sample.Ads.Select(ad => KeyValuePair.Create((ad.Date, ad.CampaignId, ad.Source), (int)ad.Clicks)),
            leadsPerCampaignDay);
    }

    [Fact]
    public void Sku_interest_is_uniform_over_ten_skus()
    {
        var counts = sample.Leads.CountBy(lead => lead.SkuInterest).ToDictionary();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"SKU{i:000}"), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.InRange(count / (double)sample.Leads.Count, 0.09, 0.11));
    }

    [Fact]
    public void Distinct_buyers_per_campaign_day_are_int_of_clicks_times_064()
    {
        var leadByCustomer = sample.Leads.ToDictionary(lead => lead.CustomerId);
        var buyersPerCampaignDay = sample.Purchases
            .Select(line => line.CustomerId)
            .Distinct()
            .Select(customer => leadByCustomer[customer])
            .CountBy(lead => (lead.LeadDate, lead.CampaignId))
            .ToDictionary();

        Assert.All(sample.Ads, ad =>
            Assert.Equal((int)(ad.Clicks * 0.64), buyersPerCampaignDay.GetValueOrDefault((ad.Date, ad.CampaignId))));
    }

    [Fact]
    public void A_buyers_first_transaction_is_on_the_lead_date()
    {
        var leadDate = sample.Leads.ToDictionary(lead => lead.CustomerId, lead => lead.LeadDate);
        var firstPurchase = sample.Purchases
            .GroupBy(line => line.CustomerId)
            .Select(lines => (Customer: lines.Key, First: lines.MinBy(line => line.TransactionId, StringComparer.Ordinal)!.PurchaseDate));
        Assert.All(firstPurchase, buyer => Assert.Equal(leadDate[buyer.Customer], buyer.First));
    }

    [Fact]
    public void Transactions_are_numbered_sequentially_with_one_or_two_distinct_skus()
    {
        var transactions = Transactions();
        Assert.Equal(fixture.Result.Transactions, transactions.Count);
        Assert.Equal(
            Enumerable.Range(1, transactions.Count).Select(n => $"TXN{n:0000000}"),
            transactions.Select(transaction => transaction.Key));
        Assert.All(transactions, transaction =>
        {
            Assert.InRange(transaction.Count(), 1, 2);
            Assert.Single(transaction.Select(line => (line.CustomerId, line.PurchaseDate)).Distinct());
            Assert.Equal(transaction.Count(), transaction.Select(line => line.Sku).Distinct().Count());
        });

        var twoSkuShare = transactions.Count(transaction => transaction.Count() == 2) / (double)transactions.Count;
        Assert.InRange(twoSkuShare, 0.29, 0.31);
    }

    [Fact]
    public void Transactions_per_buyer_are_one_two_or_three_with_probabilities_40_40_20()
    {
        var perBuyer = Transactions()
            .CountBy(transaction => transaction.First().CustomerId)
            .Select(buyer => buyer.Value)
            .ToList();
        Assert.All(perBuyer, count => Assert.InRange(count, 1, 3));
        Assert.InRange(Share(perBuyer, 1), 0.39, 0.41);
        Assert.InRange(Share(perBuyer, 2), 0.39, 0.41);
        Assert.InRange(Share(perBuyer, 3), 0.19, 0.21);
    }

    [Fact]
    public void Purchases_stay_inside_the_period()
    {
        var lastDay = Start.AddDays(ThirtyDaySampleFixture.Days - 1);
        Assert.All(sample.Purchases, line => Assert.InRange(line.PurchaseDate, Start, lastDay));
        Assert.Contains(sample.Purchases, line => line.PurchaseDate == lastDay);
    }

    [Fact]
    public void Quantities_are_one_two_or_three_with_probabilities_80_15_5()
    {
        var quantities = sample.Purchases.Select(line => line.Qty).ToList();
        Assert.All(quantities, qty => Assert.InRange(qty, 1, 3));
        Assert.InRange(Share(quantities, 1), 0.79, 0.81);
        Assert.InRange(Share(quantities, 2), 0.14, 0.16);
        Assert.InRange(Share(quantities, 3), 0.045, 0.055);
    }

    [Fact]
    public void Prices_are_cents_uniform_between_50_and_500()
    {
        Assert.All(sample.Purchases, line =>
        {
            Assert.InRange(line.Price, 50m, 500m);
            Assert.Equal(line.Price, decimal.Round(line.Price, 2));
        });
        var mean = sample.Purchases.Average(line => line.Price);
        Assert.InRange(mean, 273m, 277m);
        var belowMiddle = sample.Purchases.Count(line => line.Price < 275m) / (double)sample.Purchases.Count;
        Assert.InRange(belowMiddle, 0.49, 0.51);
    }

    [Fact]
    public void Ratios_match_the_seed_generators_thirty_day_output()
    {
        // Reference: tests/CrmEtl.Tests/data/seed000_30d_*.csv.gz, written by the seed's own numpy code.
        var seedLeads = GeneratedSample.ReadLines("data/seed000_30d_leads.csv.gz").Count - 1;
        var seedLines = GeneratedSample.ReadLines("data/seed000_30d_purchases.csv.gz").Skip(1).Select(line => line.Split(',')).ToList();
        var seedTransactions = seedLines.Select(f => f[0]).Distinct().Count();
        var seedBuyers = seedLines.Select(f => f[2]).Distinct().Count();

        var buyers = sample.Purchases.Select(line => line.CustomerId).Distinct().Count();
        var transactions = fixture.Result.Transactions;
        Assert.InRange(buyers / (double)sample.Leads.Count, seedBuyers / (double)seedLeads - 0.002, seedBuyers / (double)seedLeads + 0.002);
        Assert.InRange(transactions / (double)buyers, seedTransactions / (double)seedBuyers - 0.02, seedTransactions / (double)seedBuyers + 0.02);
        Assert.InRange(
            sample.Purchases.Count / (double)transactions,
            seedLines.Count / (double)seedTransactions - 0.01,
            seedLines.Count / (double)seedTransactions + 0.01);
    }

    private List<IGrouping<string, PurchaseLine>> Transactions() =>
        [.. sample.Purchases.GroupBy(line => line.TransactionId)];

    private static double Share(List<int> values, int value) => values.Count(v => v == value) / (double)values.Count;
}
