using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;

namespace SpeakerBot.Cli;

/// <summary>The same composition as the bot (directory, search), on the database chosen with --db.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(string databasePath, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(CliOptions.Settings)
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.SectionName}:SqlitePath"] = databasePath })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddDataRoot(configuration);
        services.AddSpeakerDirectory(configuration);
        services.AddGazetteer();
        services.AddSpeakerSearch(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
