using System.CommandLine;
using CrmEtl.Core;
using DuckDB.NET.Data;

namespace CrmEtl.Cli;

/// <summary><c>crmetl sql "SELECT …"</c>: ad-hoc questions to the output database, read-only.</summary>
internal static class SqlCommand
{
    private static readonly Argument<string> Query = new("query") { Description = "The SQL query to run" };
    private static readonly Option<string> Db = new("--db") { Description = "The database file", DefaultValueFactory = _ => Path.Combine("out", "crm.duckdb") };
    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "table (floats to 6 decimals, first 500 rows), csv or json (every row, every digit)",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "csv", "json");

    public static Command Create()
    {
        var command = new Command("sql", "Run a query against the output database and print the result.") { Query, Db, Format };
        command.SetAction(result => UserErrors.Handle(() =>
            Execute(result.GetValue(Query)!, result.GetValue(Db)!, result.GetValue(Format)!, Console.Out)));
        return command;
    }

    public static int Execute(string query, string databasePath, string format, TextWriter output)
    {
        using var connection = Database.Open(databasePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = query;
        try
        {
            using var reader = command.ExecuteReader();
            QueryResultWriter.Write(reader, format, output);
        }
        catch (DuckDBException e)
        {
            throw new CrmEtlException(e.Message.Trim(), e);
        }

        return 0;
    }
}
