using System.CommandLine;
using SpeakerBot.Cli;
using SpeakerBot.Cli.Commands;

// Table of contents: one line per command, each defined in its own file under Commands/.
var root = new RootCommand("SpeakerBot command line: directory import and export, search, benchmarks.");
root.Options.Add(CliOptions.Database);
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(IndexCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ParseCommand.Create());
root.Subcommands.Add(CoordinatorCommand.Create());
root.Subcommands.Add(SpeakersCommand.Create());
root.Subcommands.Add(PrivacyCommand.Create());
root.Subcommands.Add(ParseBenchCommand.Create());
root.Subcommands.Add(DbCommand.Create());
root.Subcommands.Add(DemoCommand.Create());

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (SpeakerBot.Storage.StorageUnavailableException e)
{
    // The configured database (Storage:Provider) cannot be used: one line naming the setting, never a password.
    Console.Error.WriteLine(e.Message);
    return ExitCodes.BadInput;
}
