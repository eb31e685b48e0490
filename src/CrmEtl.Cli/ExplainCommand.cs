using System.CommandLine;
using System.Text.Json;
using CrmEtl.Core;
using CrmEtl.Core.Explain;

namespace CrmEtl.Cli;

/// <summary><c>crmetl explain CUSTOMER_ID</c>: why one customer is in their tier, RFM, CLTV and persona segments.</summary>
internal static class ExplainCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(CliConsole console)
    {
        var customer = new Argument<string>("customer_id") { Description = "The customer's id, as in the input files" };
        var database = new Option<string?>("--db") { Description = "The database file (default: out/crm.duckdb)" };
        var output = new Option<string?>("--out", "-o") { Description = "The output folder of the run (its crm.duckdb), instead of --db" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (for reading) or json",
            DefaultValueFactory = _ => "text",
        }.AcceptOnlyFromAmong("text", "json");

        var command = new Command("explain", "Explain one customer: purchases, lifecycle, which tier rule matched and why the higher ones did not, RFM scores and their quintile edges, CLTV and persona segment.")
        {
            customer, database, output, format,
        };
        command.SetAction(result => UserErrors.Handle(console, () =>
            Execute(console, result.GetValue(customer)!, result.GetValue(database), result.GetValue(output), result.GetValue(format)!)));
        return command;
    }

    public static int Execute(CliConsole console, string customerId, string? databasePath, string? outputDirectory, string format)
    {
        if (databasePath is not null && outputDirectory is not null)
        {
            throw new CrmEtlException("Give --db or --out, not both: --out DIR reads DIR/crm.duckdb.");
        }

        var path = databasePath ?? Path.Combine(outputDirectory ?? "out", "crm.duckdb");
        var explanation = CustomerExplainer.Explain(path, customerId);
        if (format == "json")
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(explanation, Json));
        }
        else
        {
            ExplainText.Write(console.Out, explanation, path);
        }

        return UserErrors.ExitSuccess;
    }
}
