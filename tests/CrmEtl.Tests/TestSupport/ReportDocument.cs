using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CrmEtl.Tests.TestSupport;

/// <summary>A rendered report parsed as a browser would, with finders for its sections, tables and numbers.</summary>
public sealed class ReportDocument(string html)
{
    public IDocument Document { get; } = new HtmlParser().ParseDocument(html);

    public string Html { get; } = html;

    public IReadOnlyList<string> SectionTitles => [.. Document.QuerySelectorAll("h2").Select(h => h.TextContent.Trim())];

    /// <summary>The data table whose caption starts with <paramref name="caption"/>.</summary>
    public IElement Table(string caption) =>
        Document.QuerySelectorAll("caption").FirstOrDefault(c => c.TextContent.Trim().StartsWith(caption, StringComparison.Ordinal))?.ParentElement
        ?? throw new Xunit.Sdk.XunitException($"no table captioned '{caption}'; captions: {string.Join(" | ", Document.QuerySelectorAll("caption").Select(c => c.TextContent.Trim()))}");

    public bool HasTable(string caption) => Document.QuerySelectorAll("caption").Any(c => c.TextContent.Trim().StartsWith(caption, StringComparison.Ordinal));

    /// <summary>The body rows of a data table as their cells' text (the header row left out).</summary>
    public List<string[]> Rows(string caption) =>
        [.. Table(caption).QuerySelectorAll(":scope > tbody > tr, :scope > tr")
            .Where(r => !r.Children.Any(c => c.LocalName == "th" && c.GetAttribute("scope") == "col"))
            .Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray())];

    /// <summary>The big number of the KPI tile labelled <paramref name="label"/>, or null when there is no such tile.</summary>
    public string? Tile(string label) =>
        Document.QuerySelectorAll("div").FirstOrDefault(d => d.TextContent.Trim() == label && d.NextElementSibling is not null)?.NextElementSibling!.TextContent.Trim();

    public static double Number(string text) =>
        double.Parse(text.Replace(",", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("×", "", StringComparison.Ordinal),
            NumberStyles.Float, CultureInfo.InvariantCulture);
}
