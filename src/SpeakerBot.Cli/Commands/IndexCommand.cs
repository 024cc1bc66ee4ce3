using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SpeakerBot.Search.Engine;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

internal static class IndexCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Build the search index from the directory and report its size and build time");
        rebuild.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliServices.Build(parseResult.GetValue(CliOptions.Database)!);
            await services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync(cancellationToken: cancellationToken);
            var engine = services.GetRequiredService<SpeakerSearchEngine>();
            var elapsed = engine.Rebuild();
            AnsiConsole.MarkupLineInterpolated($"Index rebuilt: {engine.Count} speakers in {elapsed.TotalMilliseconds:F0} ms.");
            return ExitCodes.Ok;
        });
        var command = new Command("index", "Search index maintenance");
        command.Subcommands.Add(rebuild);
        return command;
    }
}
