using System.CommandLine;
using CrmEtl.Cli;

var root = new RootCommand("crmetl: CRM exports in, a customer-lifecycle data mart and a mailable report out.")
{
    RunCommand.Create(),
    SqlCommand.Create(),
    InitCommand.Create(),
};

return root.Parse(args).Invoke();
