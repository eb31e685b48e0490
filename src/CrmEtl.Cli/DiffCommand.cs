using System.CommandLine;
using System.Text.Json;
using CrmEtl.Core;
using CrmEtl.Core.History;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl diff</c>: how customers moved between segments from one run to another, and what changed in between.</summary>
internal static class DiffCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliConsole console)
    {
        var from = new Option<int?>("--from") { Description = "The earlier run (default: the successful run before --to)" };
        var to = new Option<int?>("--to") { Description = "The later run (default: the last successful run)" };
        var database = new Option<string>("--db") { Description = "The database file", DefaultValueFactory = _ => Path.Combine("out", "crm.duckdb") };
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (a migration matrix per segmentation), csv or json",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "csv", "json");

        var command = new Command("diff", "Show how customers moved between segments from one run to another, and which inputs, parameters, rule files and scripts changed.")
        {
            from, to, database, format,
        };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console, result.GetValue(database)!, result.GetValue(from), result.GetValue(to), result.GetValue(format)!)));
        return command;
    }

    public static int Execute(CliConsole console, string databasePath, int? fromRun, int? toRun, string format)
    {
        RunDiff diff;
        using (var connection = Database.Open(databasePath, readOnly: true))
        {
            diff = RunDiff.Between(connection, fromRun, toRun);
        }

        Write(console, diff, format);
        return 0;
    }

    /// <summary>
    /// Says that a run kept no segment history: in the table itself, and for csv and json (whose
    /// output a program reads) on stderr; json also lists the runs in <c>runs_without_history</c>.
    /// </summary>
    public static string NoHistoryNote(RunDiff diff) =>
        $"Run {string.Join(" and run ", diff.RunsWithoutHistory)} {(diff.RunsWithoutHistory.Count > 1 ? "have" : "has")} no segment history " +
        "(made by a version of crmetl that did not keep one), so who moved between segments and which rule files changed cannot be compared; " +
        "only inputs, parameters and scripts are.";

    public static void Write(CliConsole console, RunDiff diff, string format)
    {
        var output = console.Out;
        if (!diff.HistoryCompared && format != "table")
        {
            console.Errors.WriteLine(NoHistoryNote(diff));
        }

        switch (format)
        {
            case "csv":
                WriteCsv(output.Profile.Out.Writer, diff);
                break;
            case "json":
                output.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        from_run = diff.FromRun,
                        to_run = diff.ToRun,
                        runs_without_history = diff.RunsWithoutHistory,
                        migrations = diff.Migrations.Select(m => new { segmentation = m.Segmentation, from_segment = m.FromSegment, to_segment = m.ToSegment, customers = m.Customers }),
                        changes = diff.Changes.Select(c => new { kind = c.Kind, name = c.Name, from = c.From, to = c.To }),
                    },
                    Indented));
                break;
            default:
                WriteTables(output, diff);
                break;
        }
    }

    private static void WriteCsv(TextWriter writer, RunDiff diff)
    {
        writer.WriteLine("section,name,from,to,customers");
        foreach (var m in diff.Migrations)
        {
            writer.WriteLine(string.Join(',', "migration", Quote(m.Segmentation), Quote(m.FromSegment), Quote(m.ToSegment), m.Customers));
        }

        foreach (var c in diff.Changes)
        {
            writer.WriteLine(string.Join(',', Quote(c.Kind), Quote(c.Name), Quote(c.From), Quote(c.To), string.Empty));
        }
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static void WriteTables(IAnsiConsole output, RunDiff diff)
    {
        output.WriteLine($"Run {diff.FromRun} → run {diff.ToRun}");
        if (!diff.HistoryCompared)
        {
            output.WriteLine();
            output.WriteLine(NoHistoryNote(diff));
        }

        foreach (var segmentation in diff.Migrations.GroupBy(m => m.Segmentation))
        {
            var moved = segmentation.Where(m => m.FromSegment != m.ToSegment).Sum(m => m.Customers);
            output.WriteLine();
            var customers = $"{segmentation.Key}: {moved:N0} of {segmentation.Sum(m => m.Customers):N0} customers moved";
            if (moved == 0)
            {
                output.WriteLine($"{customers}: each is in the same segment in both runs.");
                continue;
            }

            output.WriteLine($"{customers} (rows: from, columns: to)");
            var targets = segmentation.Select(m => m.ToSegment).Distinct().Order(StringComparer.Ordinal).ToList();
            var table = new Table().Border(TableBorder.Rounded).AddColumn("from \\ to");
            foreach (var target in targets)
            {
                table.AddColumn(new TableColumn(Markup.Escape(target)).RightAligned());
            }

            foreach (var source in segmentation.GroupBy(m => m.FromSegment).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var counts = source.ToDictionary(m => m.ToSegment, m => m.Customers);
                table.AddRow([Markup.Escape(source.Key), .. targets.Select(t => counts.TryGetValue(t, out var n) ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : string.Empty)]);
            }

            output.Write(table);
        }

        output.WriteLine();
        if (diff.Changes.Count == 0)
        {
            output.WriteLine(diff.HistoryCompared ? "Inputs, parameters, rule files and scripts: unchanged." : "Inputs, parameters and scripts: unchanged.");
            return;
        }

        var changes = new Table().Border(TableBorder.Rounded).AddColumns("what", "name", $"run {diff.FromRun}", $"run {diff.ToRun}");
        foreach (var c in diff.Changes)
        {
            changes.AddRow(Markup.Escape(c.Kind), Markup.Escape(c.Name), Markup.Escape(c.From), Markup.Escape(c.To));
        }

        output.WriteLine("Changed between the runs:");
        output.Write(changes);
    }
}
