using System.Globalization;
using System.Text;
using CrmEtl.Core.Reporting;

namespace CrmEtl.Core.Mail;

/// <summary>
/// The plain-text alternative of the mail: the headline figures and the lifecycle funnel as
/// aligned columns, for clients that show no HTML and for the preview line of those that do.
/// </summary>
public static class PlainTextReport
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;
    private static readonly string[] FunnelHeader = ["Stage", "Customers", "Step", "Of leads"];

    public static string Render(ReportModel model)
    {
        var text = new StringBuilder();
        text.AppendLine(model.Title);
        text.AppendLine(CultureInfo.InvariantCulture, $"As of {model.Run.AsOf:yyyy-MM-dd} (run {model.Run.RunId})");
        text.AppendLine();

        var headline = model.Headline;
        var tiles = new List<(string Label, string Value)>();
        if (model.HasLeads)
        {
            tiles.Add(("Leads", Count(headline.Leads)));
        }

        tiles.Add(("Buyers", Count(headline.Buyers)));
        tiles.Add(("Repeat buyers", Count(headline.RepeatBuyers)));
        tiles.Add(("Transactions", Count(headline.Transactions)));
        tiles.Add(("Revenue", headline.Revenue.ToString("N2", Numbers)));
        if (headline.Transactions > 0)
        {
            tiles.Add(("Average order", (headline.Revenue / headline.Transactions).ToString("N2", Numbers)));
        }

        AppendColumns(text, tiles.Select(t => new[] { t.Label, t.Value }).ToList(), rightAligned: [false, true]);

        if (model.ShownFunnel.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Customer lifecycle funnel");
            var rows = new List<string[]> { FunnelHeader };
            rows.AddRange(model.ShownFunnel.Select(s => new[] { s.Stage, Count(s.Customers), Percent(s.ConversionRate), Percent(s.ShareOfLeads) }));
            AppendColumns(text, rows, rightAligned: [false, true, true, true]);
            if (!model.HasLeads)
            {
                text.AppendLine("No leads in the inputs: the funnel starts at the first purchase.");
            }
        }

        text.AppendLine();
        text.AppendLine("The full report is in the HTML version of this mail.");
        return text.ToString();
    }

    private static string Count(long value) => value.ToString("N0", Numbers);

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", Numbers) + " %" : "–";

    private static void AppendColumns(StringBuilder text, List<string[]> rows, bool[] rightAligned)
    {
        var widths = Enumerable.Range(0, rightAligned.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => rightAligned[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            text.AppendLine(string.Join("   ", cells).TrimEnd());
        }
    }
}
