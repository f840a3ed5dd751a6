using System.CommandLine;
using ATSync.Worker.Cli;

// `atsync`: the command line over the ATSync engine. Each subcommand lives in Cli/ as its own type.
var root = new RootCommand("ATSync: person-specific lip-sync. Video -> dataset -> model -> lip-synced video.");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(ProcessCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(ModelInfoCommand.Create());
root.Subcommands.Add(ExportOnnxCommand.Create());
root.Subcommands.Add(InferCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return await root.Parse(args).InvokeAsync();
