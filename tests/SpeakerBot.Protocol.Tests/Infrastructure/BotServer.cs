using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Protocol.Connector;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Protocol.Tests.Infrastructure;

/// <summary>The protocol host on a real Kestrel socket (127.0.0.1, random port), a real SQLite file, and the test engine.</summary>
public sealed class BotServer : IAsyncDisposable
{
    public const string BotToken = "bot-token-from-entra";

    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly bool _ownsFolder;

    private BotServer(WebApplication app, string folder, bool ownsFolder, TestEngine engine, ManualClock clock, LogSink logs)
    {
        Logs = logs.Lines;
        _ownsFolder = ownsFolder;
        _app = app;
        _folder = folder;
        Engine = engine;
        Clock = clock;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal).TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public TestEngine Engine { get; }

    public ManualClock Clock { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every log line of the host, as "Level EventId: message".</summary>
    public ConcurrentQueue<string> Logs { get; }

    /// <param name="url">What Kestrel binds; the default is loopback only, "http://0.0.0.0:0" listens on every interface.</param>
    /// <param name="services">Extra registrations after the protocol's own (a shared Direct Line store).</param>
    public static async Task<BotServer> StartAsync(IDictionary<string, string?>? settings = null, string? folder = null, string url = "http://127.0.0.1:0", Action<IServiceCollection>? services = null)
    {
        var ownsFolder = folder is null;
        folder ??= Path.Combine(Path.GetTempPath(), "speakerbot-protocol-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var logs = new LogSink();
        builder.Logging.AddProvider(logs);
        var config = new Dictionary<string, string?>
        {
            ["DirectLine:PollWait"] = "00:00:02",
            ["DirectLine:TokenSigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        var engine = new TestEngine();
        var clock = new ManualClock();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IConversationEngine>(engine);
        builder.Services.AddSingleton(new SqliteDatabase(Path.Combine(folder, "state.db")));
        builder.Services.AddSingleton<IStateStore, SqliteStateStore>();

        // Entra cannot be reached from here: the bot's own outbound token is a fixed string the fake channel checks.
        builder.Services.Replace(ServiceDescriptor.Singleton<IBotTokenProvider>(new FixedTokenProvider(settings?.ContainsKey("Bot:MicrosoftAppId") == true ? BotToken : null)));
        builder.Services.AddBotProtocol();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapBotEndpoints();
        await app.StartAsync();
        return new BotServer(app, folder, ownsFolder, engine, clock, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private sealed class LogSink : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Lines.Enqueue($"{logLevel} {eventId.Id}: {formatter(state, exception)}");
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class FixedTokenProvider(string? token) : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => Task.FromResult(token);
    }
}
