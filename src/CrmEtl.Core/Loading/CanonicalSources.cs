namespace CrmEtl.Core.Loading;

/// <summary>
/// The canonical inputs (purchases, leads, ads, customers). Every run creates all four tables, empty when absent.
/// The duplicate keys (for a source read from several files): a purchase line or a lead is a duplicate only when
/// repeated in full (its transaction id, SKU, price, quantity, amount and return flag, or its date, customer,
/// campaign, source and SKU of interest); an ad row is one per day, campaign and source, and a customer one per
/// customer id, so a later file's row replaces an earlier one's (revised spend, an updated summary).
/// </summary>
public static class CanonicalSources
{
    public static CanonicalSource Purchases { get; } = new(
        "purchases",
        [
            new("customer_id", "VARCHAR", Required: true),
            new("purchase_date", "DATE", Required: true),
            new("transaction_id", "VARCHAR", Fill: "'line-' || source_line"),
            new("sku", "VARCHAR"),
            new("price", "DOUBLE"),
            new("qty", "DOUBLE", Fill: "1"),
            new("amount", "DOUBLE", Fill: "price * coalesce(qty, 1)"),
            new("is_return", "BOOLEAN"),
        ],
        [["amount", "price"]]);

    public static CanonicalSource Leads { get; } = new(
        "leads",
        [
            new("lead_date", "DATE", Required: true),
            new("customer_id", "VARCHAR", Required: true),
            new("campaign_id", "VARCHAR"),
            new("source", "VARCHAR"),
            new("sku_interest", "VARCHAR"),
        ],
        []);

    public static CanonicalSource Ads { get; } = new(
        "ads",
        [
            new("date", "DATE", Required: true),
            new("campaign_id", "VARCHAR", Required: true),
            new("source", "VARCHAR", Required: true),
            new("impressions", "BIGINT", Required: true),
            new("clicks", "BIGINT", Required: true),
            new("spend", "DOUBLE", Required: true),
            new("leads", "BIGINT"),
            new("conversions", "BIGINT"),
        ],
        [],
        DuplicateKey: ["date", "campaign_id", "source"]);

    public static CanonicalSource Customers { get; } = new(
        "customers",
        [
            new("customer_id", "VARCHAR", Required: true),
            new("first_purchase_date", "DATE"),
            new("last_purchase_date", "DATE"),
            new("frequency", "DOUBLE"),
            new("monetary", "DOUBLE"),
        ],
        [],
        KeepsAttributes: true,
        DuplicateKey: ["customer_id"]);

    public static IReadOnlyList<CanonicalSource> All { get; } = [Purchases, Leads, Ads, Customers];

    public static CanonicalSource Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new CrmEtlException(
            $"Unknown source '{name}'. Known sources: {string.Join(", ", All.Select(s => s.Name))}.");
}
