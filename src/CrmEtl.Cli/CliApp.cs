using System.CommandLine;

namespace CrmEtl.Cli;

/// <summary>
/// The <c>crmetl</c> command tree. Each command is a static class whose <c>Create(CliConsole)</c>
/// builds its own options as locals (a tree built twice shares no option), and whose action reads
/// them and calls <c>Execute(console, …)</c> inside <see cref="UserErrors.Handle"/>. Everything is
/// written through the <see cref="CliConsole"/>, never the static <c>AnsiConsole</c> or
/// <c>Console</c>, so tests see the exact lines a user sees.
/// </summary>
internal static class CliApp
{
    public static RootCommand Build(CliConsole console) => new("crmetl: CRM exports in, a customer-lifecycle data mart and a mailable report out.")
    {
        DemoCommand.Create(console),
        RunCommand.Create(console),
        ValidateCommand.Create(console),
        SqlCommand.Create(console),
        ExportCommand.Create(console),
        DiffCommand.Create(console),
        ExplainCommand.Create(console),
        SendCommand.Create(console),
        GenerateCommand.Create(console),
        InitCommand.Create(console),
        StatusCommand.Create(console),
    };

    public static int Run(string[] args) => Run(args, CliConsole.ForProcess());

    public static int Run(string[] args, CliConsole console) => Build(console).Parse(args).Invoke(console.Invocation());
}
