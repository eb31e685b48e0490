using System.CommandLine;
using CrmEtl.Core;
using CrmEtl.Core.Export;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl export TABLE|--all --format csv|parquet|json --out PATH</c>: the mart as files for a warehouse or BI tool.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var table = new Argument<string?>("table") { Description = "The table or view to export (see `crmetl sql \"SHOW TABLES\"`)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Export every table and view, one file each, into the folder --out" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "csv (with a header), parquet, or json (one object per line)",
            DefaultValueFactory = _ => "csv",
        }.AcceptOnlyFromAmong([.. TableExporter.Formats]);
        var output = new Option<string>("--out", "-o") { Description = "The file to write (a folder with --all, or when it is an existing folder)", Required = true };
        var database = new Option<string>("--db") { Description = "The database file", DefaultValueFactory = _ => Path.Combine("out", "crm.duckdb") };

        var command = new Command("export", "Write tables of the output database to csv, parquet or json files.") { table, all, format, output, database };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console, result.GetValue(table), result.GetValue(all), result.GetValue(format)!, result.GetValue(output)!, result.GetValue(database)!)));
        return command;
    }

    public static int Execute(CliConsole console, string? table, bool all, string format, string output, string databasePath)
    {
        if (all == (table is not null))
        {
            throw new CrmEtlException("Give one table to export, or --all, e.g. crmetl export funnel --format csv --out funnel.csv.");
        }

        using var connection = Database.Open(databasePath, readOnly: true);
        var tables = TableExporter.Tables(connection);
        var targets = all ? tables : [TableExporter.Resolve(tables, table!, databasePath)];
        var intoFolder = all || Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar);
        if (intoFolder)
        {
            Directory.CreateDirectory(output);
        }

        foreach (var name in targets)
        {
            var path = intoFolder ? Path.Combine(output, $"{name}.{format}") : output;
            var exported = TableExporter.Export(connection, name, format, path);
            console.Out.MarkupLine($"[green]✓[/] {Markup.Escape(exported.Table),-32} {exported.Rows,10:N0} rows  {Markup.Escape(exported.Path)}");
        }

        return UserErrors.ExitSuccess;
    }
}
