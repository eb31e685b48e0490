using System.CommandLine;
using CrmEtl.Core;
using DuckDB.NET.Data;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary><c>crmetl sql "SELECT …"</c>: ad-hoc questions to the output database, read-only.</summary>
internal static class SqlCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new Argument<string?>("query") { Description = "The SQL query to run; - reads it from stdin", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "Read the query from a .sql file instead" };
        var database = new Option<string>("--db") { Description = "The database file", DefaultValueFactory = _ => Path.Combine("out", "crm.duckdb") };
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (floats to 6 decimals, first 500 rows), csv or json (every row, every digit)",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "csv", "json");

        var command = new Command("sql", "Run a query against the output database and print the result.") { query, file, database, format };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console.Out, ReadQuery(result.GetValue(query), result.GetValue(file), console.In), result.GetValue(database)!, result.GetValue(format)!)));
        return command;
    }

    private static string ReadQuery(string? query, FileInfo? file, TextReader stdin) => (query, file) switch
    {
        (not null, not null) => throw new CrmEtlException("Give the query or --file, not both."),
        (null, null) => throw new CrmEtlException("No query: give one, e.g. crmetl sql \"SELECT * FROM funnel\", or --file query.sql, or - to read stdin."),
        ("-", null) => stdin.ReadToEnd(),
        (not null, null) => query,
        (null, { Exists: false }) => throw new CrmEtlException($"{file.FullName}: file not found."),
        (null, not null) => File.ReadAllText(file.FullName),
    };

    public static int Execute(IAnsiConsole output, string query, string databasePath, string format)
    {
        using var connection = Database.Open(databasePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = query;
        DuckDbErrors.Translate(
            () =>
            {
                using var reader = command.ExecuteReader();
                QueryResultWriter.Write(reader, format, output);
            },
            e => e.Message.Trim());

        return 0;
    }
}
