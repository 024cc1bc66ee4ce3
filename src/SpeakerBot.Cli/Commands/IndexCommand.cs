using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SpeakerBot.Search.Engine;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

internal static class IndexCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Rebuild the Lucene search index from the directory and report its size and build time");
        rebuild.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliServices.Build(parseResult.GetValue(CliOptions.Database)!);
            await services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync(cancellationToken: cancellationToken);
            if (await OpenAsync(services, cancellationToken) is not { } engine)
            {
                return ExitCodes.Failure;
            }

            if (engine.ReadOnly)
            {
                Console.Error.WriteLine(new SearchIndexLockedException(engine.IndexPath).Message);
                return ExitCodes.Failure;
            }

            var elapsed = await engine.RebuildAsync(cancellationToken);
            var stats = engine.Stats();
            AnsiConsole.MarkupLineInterpolated($"Index rebuilt: {engine.Count} speakers in {elapsed.TotalMilliseconds:F0} ms, {Size(stats.SizeBytes)} in {stats.Path}.");
            return ExitCodes.Ok;
        });

        var stats = new Command("stats", "Print the Lucene search index's documents, segments, size on disk and build time");
        stats.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliServices.Build(parseResult.GetValue(CliOptions.Database)!);
            if (await OpenAsync(services, cancellationToken) is not { } engine)
            {
                return ExitCodes.Failure;
            }

            var s = engine.Stats();
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"folder:     {s.Path}");
            Console.WriteLine(string.Create(inv, $"documents:  {s.Documents}"));
            Console.WriteLine(string.Create(inv, $"segments:   {s.Segments}"));
            Console.WriteLine(string.Create(inv, $"size:       {Size(s.SizeBytes)} ({s.SizeBytes} bytes)"));
            Console.WriteLine(s.BuildMilliseconds is { } ms
                ? string.Create(inv, $"build time: {ms} ms (built {s.BuiltAt:yyyy-MM-dd HH:mm:ss} UTC)")
                : "build time: unknown");
            if (s.ReadOnly)
            {
                Console.WriteLine("state:      read-only (another process holds the index)");
            }

            return ExitCodes.Ok;
        });

        var command = new Command("index", "Search index maintenance (a Lucene index beside the database, or Search:IndexPath)");
        command.Subcommands.Add(rebuild);
        command.Subcommands.Add(stats);
        return command;
    }

    private static async Task<SpeakerSearchEngine?> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var engine = services.GetRequiredService<SpeakerSearchEngine>();
            await engine.StartAsync(cancellationToken);
            return engine;
        }
        catch (SearchIndexLockedException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB");
}
