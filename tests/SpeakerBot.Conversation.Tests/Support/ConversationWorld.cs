using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Conversation.Tests.Support;

/// <summary>
/// The real engine, understanding and search over the seed directory in a temp SQLite file, with a manual clock.
/// <see cref="RestartAsync"/> builds a brand-new service provider over the same file, as after a process restart.
/// </summary>
internal sealed class ConversationWorld : IDisposable
{
    // Immutable and slow to load (every French commune): shared by all the worlds of a test run.
    private static readonly Lazy<Gazetteer> SharedGazetteer = new(() => Gazetteer.Load(null));
    private static readonly Lazy<IUnderstanding> SharedUnderstanding = new(() =>
        new ServiceCollection().AddSingleton<IGazetteer>(SharedGazetteer.Value).AddRuleBasedUnderstanding().BuildServiceProvider().GetRequiredService<IUnderstanding>());

    private readonly TempFolder _folder = new();
    private ServiceProvider _services;

    private ConversationWorld(DateTimeOffset now)
    {
        Clock = new ManualClock(now);
        _services = Build();
    }

    public ManualClock Clock { get; }

    public IConversationEngine Engine => _services.GetRequiredService<IConversationEngine>();

    public IStateStore StateStore => _services.GetRequiredService<IStateStore>();

    public IReadOnlyList<Speaker> Directory { get; private set; } = [];

    public static async Task<ConversationWorld> CreateAsync(DateTimeOffset now)
    {
        var world = new ConversationWorld(now);
        await world._services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync();
        var speakers = new List<Speaker>();
        await foreach (var speaker in world._services.GetRequiredService<ISpeakerStore>().ReadAllAsync())
        {
            speakers.Add(speaker);
        }

        world.Directory = speakers;
        return world;
    }

    public void Restart()
    {
        _services.Dispose();
        _services = Build();
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:SqlitePath"] = _folder.File("speakerbot.db") })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(SharedGazetteer.Value);
        services.AddSingleton<IGazetteer>(SharedGazetteer.Value);
        services.AddSingleton(SharedUnderstanding.Value);
        services.AddSpeakerDirectory(configuration);
        services.AddSpeakerSearch(configuration);
        services.AddConversation();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }
}
