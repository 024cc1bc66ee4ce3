using System.CommandLine;
using SpeakerBot.Cli.Commands;

var root = new RootCommand("SpeakerBot command line");
root.Subcommands.Add(ParseCommand.Create());
return root.Parse(args).Invoke();
