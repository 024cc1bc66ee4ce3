using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Search.Analysis;
using SpeakerBot.Search.Engine;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// The search engine over the registered <see cref="ISpeakerStore"/> (call AddSpeakerDirectory too), its lexicon
    /// from index/search, no fairness data unless an <see cref="IRecentRequestCounts"/> is registered, and a start-up
    /// step that awaits the index before the first request (<see cref="StartSpeakerSearchAsync"/> without a host).
    /// </summary>
    public static IServiceCollection AddSpeakerSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<SearchOptions>()
            .Bind(configuration.GetSection(SearchOptions.SectionName))
            .ValidateDataAnnotations();
        services.TryAddSingleton(_ => SearchLexicon.Default);
        services.TryAddSingleton<IRecentRequestCounts>(NoRecentRequests.Instance);
        services.TryAddSingleton(sp => new SpeakerSearchEngine(
            sp.GetRequiredService<ISpeakerStore>(),
            sp.GetRequiredService<SearchLexicon>(),
            WithIndexPath(sp.GetRequiredService<IOptions<SearchOptions>>().Value, sp.GetService<DataRoot>() ?? DataRoot.FromEnvironment(), configuration),
            sp.GetRequiredService<IRecentRequestCounts>(),
            sp.GetService<IGazetteer>(),
            sp.GetService<ILogger<SpeakerSearchEngine>>(),
            sp.GetService<ISpeakerChangeFeed>()));
        services.TryAddSingleton<ISpeakerSearch>(sp => sp.GetRequiredService<SpeakerSearchEngine>());
        services.AddHostedService<SearchIndexWarmup>();
        return services;
    }

    /// <summary>
    /// The index folder: <c>Search:IndexPath</c> when set, else beside the SQLite database (<c>speakerbot.db.index</c>
    /// by default); relative paths resolve under the data folder (git-ignored).
    /// </summary>
    public static string ResolveIndexPath(SearchOptions options, DataRoot root, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(options.IndexPath))
        {
            return root.Resolve(options.IndexPath);
        }

        var database = configuration["Storage:SqlitePath"];
        return root.Resolve(string.IsNullOrWhiteSpace(database) ? "speakerbot.db" : database) + ".index";
    }

    private static SearchOptions WithIndexPath(SearchOptions options, DataRoot root, IConfiguration configuration) => new()
    {
        InferPlaceFromText = options.InferPlaceFromText,
        FairnessWeight = options.FairnessWeight,
        IndexPath = ResolveIndexPath(options, root, configuration),
    };

    /// <summary>
    /// Brings the search index up to date with the store (what the host does at start): for tools and tests that
    /// build a service provider without a host. Idempotent.
    /// </summary>
    public static async Task<IServiceProvider> StartSpeakerSearchAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<SpeakerSearchEngine>().StartAsync(cancellationToken);
        return services;
    }

    /// <summary>
    /// The host's start awaits the index (read from the store with awaits) before the first request. The engine itself,
    /// not <see cref="ISpeakerSearch"/>: a host may decorate the search (telemetry), and the decorator has nothing to start.
    /// </summary>
    private sealed class SearchIndexWarmup(SpeakerSearchEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
