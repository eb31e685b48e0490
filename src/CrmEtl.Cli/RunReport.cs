using CrmEtl.Core;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>The closing lines of a run: the funnel at a glance and where the outputs are.</summary>
internal static class RunReport
{
    public static void Print(IAnsiConsole console, RunSummary summary)
    {
        if (summary.Report.Funnel.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("stage").AddColumn(new TableColumn("customers").RightAligned())
                .AddColumn(new TableColumn("step").RightAligned());
            foreach (var stage in summary.Report.ShownFunnel)
            {
                table.AddRow(Markup.Escape(stage.Stage), $"{stage.Customers:N0}", stage.ConversionRate is { } rate ? $"{rate:P1}" : "–");
            }

            console.Write(table);
        }

        var rows = summary.Inputs.Sum(i => i.Rows);
        console.MarkupLine(
            $"[green]run {summary.RunId} succeeded[/] in {summary.Elapsed.TotalSeconds:0.00} s: {rows:N0} input rows, as of {summary.AsOf:yyyy-MM-dd}");
        console.MarkupLine($"  database: {Markup.Escape(Path.GetFullPath(summary.DatabasePath))}");
        console.MarkupLine($"  report:   {Markup.Escape(Path.GetFullPath(summary.ReportPath))}");
        var folder = Path.GetDirectoryName(Path.GetFullPath(summary.ReportPath))!;
        foreach (var other in summary.Reports.Select(r => Path.Combine(folder, r.Name + ".html")).Where(p => p != Path.GetFullPath(summary.ReportPath)))
        {
            console.MarkupLine($"            {Markup.Escape(other)}");
        }
    }
}
