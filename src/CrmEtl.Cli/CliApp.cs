using System.CommandLine;

namespace CrmEtl.Cli;

/// <summary>The <c>crmetl</c> command tree.</summary>
internal static class CliApp
{
    public static RootCommand Build() => new("crmetl: CRM exports in, a customer-lifecycle data mart and a mailable report out.")
    {
        DemoCommand.Create(),
        RunCommand.Create(),
        SqlCommand.Create(),
        SendCommand.Create(),
        GenerateCommand.Create(),
        InitCommand.Create(),
    };

    public static int Run(string[] args)
    {
        Terminal.Configure();
        return Build().Parse(args).Invoke();
    }
}
