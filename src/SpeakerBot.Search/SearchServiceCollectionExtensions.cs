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
    /// step that builds the index before the first request.
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
            sp.GetRequiredService<IOptions<SearchOptions>>().Value,
            sp.GetRequiredService<IRecentRequestCounts>(),
            sp.GetService<IGazetteer>(),
            sp.GetService<ILogger<SpeakerSearchEngine>>(),
            sp.GetService<ISpeakerChangeFeed>()));
        services.TryAddSingleton<ISpeakerSearch>(sp => sp.GetRequiredService<SpeakerSearchEngine>());
        services.AddHostedService<SearchIndexWarmup>();
        return services;
    }

    private sealed class SearchIndexWarmup(ISpeakerSearch search) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = search.Count;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
