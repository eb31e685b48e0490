return CrmEtl.Cli.CliApp.Run(args);
