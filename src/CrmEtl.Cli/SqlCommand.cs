using System.CommandLine;
using CrmEtl.Core;

namespace CrmEtl.Cli;

/// <summary><c>crmetl sql "SELECT …"</c>: ad-hoc questions to the output database, read-only.</summary>
internal static class SqlCommand
{
    private static readonly Argument<string?> Query = new("query") { Description = "The SQL query to run; - reads it from stdin", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<FileInfo?> File = new("--file") { Description = "Read the query from a .sql file instead" };
    private static readonly Option<string> Db = new("--db") { Description = "The database file", DefaultValueFactory = _ => Path.Combine("out", "crm.duckdb") };
    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "table (floats to 6 decimals, first 500 rows), csv or json (every row, every digit)",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "csv", "json");

    public static Command Create()
    {
        var command = new Command("sql", "Run a query against the output database and print the result.") { Query, File, Db, Format };
        command.SetAction(result => UserErrors.Handle(() =>
            Execute(ReadQuery(result.GetValue(Query), result.GetValue(File)), result.GetValue(Db)!, result.GetValue(Format)!, Console.Out)));
        return command;
    }

    private static string ReadQuery(string? query, FileInfo? file) => (query, file) switch
    {
        (not null, not null) => throw new CrmEtlException("Give the query or --file, not both."),
        (null, null) => throw new CrmEtlException("No query: give one, e.g. crmetl sql \"SELECT * FROM funnel\", or --file query.sql, or - to read stdin."),
        ("-", null) => Console.In.ReadToEnd(),
        (not null, null) => query,
        (null, { Exists: false }) => throw new CrmEtlException($"{file.FullName}: file not found."),
        (null, not null) => System.IO.File.ReadAllText(file.FullName),
    };

    public static int Execute(string query, string databasePath, string format, TextWriter output)
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
