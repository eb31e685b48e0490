using System.CommandLine;

namespace CrmEtl.Cli;

/// <summary>The <c>crmetl</c> command tree.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliConsole console) => new("crmetl: CRM exports in, a customer-lifecycle data mart and a mailable report out.")
    {
        DemoCommand.Create(console),
        RunCommand.Create(console),
        SqlCommand.Create(console),
        SendCommand.Create(console),
        GenerateCommand.Create(console),
        InitCommand.Create(console),
    };

    public static int Run(string[] args) => Run(args, CliConsole.ForProcess());

    public static int Run(string[] args, CliConsole console) => Build(console).Parse(args).Invoke(console.Invocation());
}
