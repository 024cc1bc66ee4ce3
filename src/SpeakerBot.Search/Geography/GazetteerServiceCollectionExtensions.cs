using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SpeakerBot.Search.Geography;

public static class GazetteerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gazetteer as a singleton, loaded from index/geo on first use (about 35,000 communes).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="indexDirectory">The index/ folder; default <see cref="Domain.RepoData.IndexDirectory"/>.</param>
    public static IServiceCollection AddGazetteer(this IServiceCollection services, string? indexDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ => Gazetteer.Load(indexDirectory));
        services.TryAddSingleton<IGazetteer>(sp => sp.GetRequiredService<Gazetteer>());
        return services;
    }
}
