using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Conversation.Tests.Support;

/// <summary>
/// An engine over a temp SQLite file with a manual clock. <see cref="Restart"/> builds a brand-new engine (new
/// service provider, new database object) over the same file, as after a process restart.
/// </summary>
internal sealed class ConversationWorld : IDisposable
{
    private readonly TempFolder _folder = new();
    private ServiceProvider _services;

    public ConversationWorld(DateTimeOffset now)
    {
        Clock = new ManualClock(now);
        _services = Build();
    }

    public ManualClock Clock { get; }

    public IConversationEngine Engine => _services.GetRequiredService<IConversationEngine>();

    public IStateStore StateStore => _services.GetRequiredService<IStateStore>();

    public IReadOnlyList<Speaker> Directory => StubDirectory.Speakers;

    public void Restart()
    {
        _services.Dispose();
        _services = Build();
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new SqliteDatabase(_folder.File("speakerbot.db")));
        services.AddSingleton<IStateStore, SqliteStateStore>();
        var directory = new StubDirectory();
        services.AddSingleton<ISpeakerStore>(directory);
        services.AddSingleton<ISpeakerSearch>(directory);
        services.AddSingleton<IUnderstanding, StubUnderstanding>();
        services.AddConversation();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }
}
