using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Bench;

/// <summary>
/// The bot's brain as tests/SpeakerBot.Conversation.Tests/Support/ConversationWorld.cs builds it: real rule-based
/// understanding, real search over the seed directory imported into a temp SQLite file, SQLite conversation state,
/// the dialogs from dialogs/, and a fixed clock so relative dates resolve the same on every run.
/// </summary>
internal sealed class TurnBenchWorld : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-turnbench-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    private TurnBenchWorld()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = Path.Combine(_folder, "speakerbot.db"),
                ["Bookings:PickupDirectory"] = Path.Combine(_folder, "outbox"),
                ["Bookings:MinLeadDays"] = "7",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddGazetteer();
        services.AddSpeakerDirectory(configuration);
        services.AddSpeakerSearch(configuration);
        services.AddBookingStore();
        services.AddBookings();
        services.AddBookingConversations();
        services.AddConversation();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The transcripts' "now": Sunday 22 November 2026, 10:00 in Paris.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1));

    public IConversationEngine Engine => _services.GetRequiredService<IConversationEngine>();

    public ISpeakerSearch Search => _services.GetRequiredService<ISpeakerSearch>();

    public static async Task<TurnBenchWorld> CreateAsync()
    {
        var world = new TurnBenchWorld();
        await world._services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync();
        await world._services.StartSpeakerSearchAsync();
        return world;
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change the figures.
        }
    }
}
