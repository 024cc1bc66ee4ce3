using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation.Understanding;

public static class UnderstandingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the offline French/English understanding (vocabularies from index/understanding/). Places are
    /// resolved when an <see cref="IGazetteer"/> is registered; without one, city/department/region stay empty.
    /// </summary>
    public static IServiceCollection AddRuleBasedUnderstanding(this IServiceCollection services, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IUnderstanding>(sp => new RuleBasedUnderstanding(
            dataDirectory ?? DefaultDataDirectory,
            sp.GetService<IGazetteer>(),
            sp.GetService<ISchoolTerms>()));
        return services;
    }

    public static string DefaultDataDirectory => Path.Combine(RepoData.IndexDirectory, "understanding");
}
