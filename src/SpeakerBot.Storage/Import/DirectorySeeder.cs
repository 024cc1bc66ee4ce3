using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Import;

/// <summary>On first start (empty directory) loads index/seed/speakers.jsonl so the bot is useful at once.</summary>
public sealed class DirectorySeeder(ISpeakerStore store, SpeakerImporter importer, ILogger<DirectorySeeder> logger) : IHostedService
{
    public static string DefaultSeedPath => Path.Combine(SafeIndexDirectory(), "seed", "speakers.jsonl");

    /// <summary>Returns the number of speakers imported (0 when the store already had some or no seed file exists).</summary>
    public async Task<int> EnsureSeededAsync(string? seedPath = null, CancellationToken cancellationToken = default)
    {
        if (await store.CountAsync(cancellationToken) > 0)
        {
            return 0;
        }

        seedPath ??= DefaultSeedPath;
        if (!File.Exists(seedPath))
        {
            Log.SeedMissing(logger, seedPath);
            return 0;
        }

        var report = await importer.ImportFileAsync(seedPath, new ImportOptions(), cancellationToken);
        Log.Seeded(logger, report.Written, seedPath, report.Rejected.Count);
        foreach (var row in report.Rejected.Take(20))
        {
            Log.SeedRowRejected(logger, row.Line, row.Reason);
        }

        return report.Written;
    }

    public Task StartAsync(CancellationToken cancellationToken) => EnsureSeededAsync(cancellationToken: cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string SafeIndexDirectory()
    {
        try
        {
            return RepoData.IndexDirectory;
        }
        catch (DirectoryNotFoundException)
        {
            return Path.Combine(AppContext.BaseDirectory, "index");
        }
    }
}
