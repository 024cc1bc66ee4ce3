using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Bench;

/// <summary>
/// `dotnet run -c Release --project src/SpeakerBot.Bench -- model-turns [--rounds N] [--delay-ms D] [--breaker-failures F] [--configured]`:
/// whole chat turns (understanding, FAQ, search, cards and their "why her" lines) through the real engine over the
/// seed directory, with the language model off, then on against an OpenAI-compatible server on 127.0.0.1 that
/// answers after D ms (0: the figure is our own overhead: masking, HTTP, JSON schema, checks), with the model asked
/// only when the rules are unsure and on every message; --configured adds the model set in LanguageModel__*.
/// With a delay past LanguageModel:TimeoutMs the circuit breaker opens after F failures (5, as in production): a large
/// F shows what the turn budget alone does with a dead model.
/// A measurement for the report, not a pass/fail test.
/// </summary>
internal static class ModelTurnBench
{
    // One conversation: a search with cards, a refinement, a programme question, a page, a chatty request, a new search.
    private static readonly string[] Script =
    [
        "Une ingénieure aéronautique pour ma classe de 4e à Toulouse",
        "plutôt en visio",
        "c'est gratuit ?",
        "voir plus",
        "j'ai une classe de 3e prépa-métiers très intéressée par les drones, c'est possible avant les vacances d'hiver ?",
        "Une policière pour mes élèves de seconde à Lille",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 30);
        var delayMs = Option(args, "--delay-ms", 0);
        var breakerFailures = Option(args, "--breaker-failures", 5);
        var configured = args.Contains("--configured");
        if (rounds is < 1 or > 10_000 || delayMs is < 0 or > 60_000 || breakerFailures < 1)
        {
            Console.Error.WriteLine("usage: model-turns [--rounds 1..10000] [--delay-ms 0..60000] [--breaker-failures 1..] [--configured]");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var stub = await LocalChatServer.StartAsync(TimeSpan.FromMilliseconds(delayMs));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SpeakerBot whole-turn latency: {rounds} conversations x {Script.Length} turns per path, {Environment.ProcessorCount} cores, local model server {stub.Endpoint} answering after {delayMs} ms, breaker after {breakerFailures} failures"));
            Dictionary<string, string?> Stub(bool always) => new()
            {
                ["LanguageModel:Provider"] = "OpenAI",
                ["LanguageModel:Endpoint"] = stub.Endpoint.ToString(),
                ["LanguageModel:ApiKey"] = "local",
                ["LanguageModel:Deployment"] = "stub",
                ["LanguageModel:Always"] = always ? "true" : "false",
                ["LanguageModel:DailyTokenCap"] = "0",
                ["LanguageModel:BreakerFailures"] = breakerFailures.ToString(CultureInfo.InvariantCulture),
            };

            var paths = new List<(string Label, Dictionary<string, string?> Settings, bool Env)>
            {
                ("model off (rules, templates, FAQ as written)", [], false),
                ("model on, local server, asked when the rules are unsure", Stub(always: false), false),
                ("model on, local server, asked on every message", Stub(always: true), false),
            };
            if (configured)
            {
                paths.Add(("model on, configured LanguageModel__* settings", [], true));
            }

            foreach (var (label, settings, env) in paths)
            {
                var before = stub.Calls;
                var samples = await MeasureAsync(folder, settings, env, rounds);
                Console.WriteLine(Summary(label, samples, stub.Calls - before));
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<double>> MeasureAsync(string folder, Dictionary<string, string?> settings, bool fromEnvironment, int rounds)
    {
        var database = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db");
        var builder = new ConfigurationBuilder();
        if (fromEnvironment)
        {
            builder.AddEnvironmentVariables();
        }

        var configuration = builder
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = database,
                ["Bookings:PickupDirectory"] = Path.Combine(folder, "outbox"),
            })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.ClearProviders());
        services.AddSpeakerDirectory(configuration);
        services.AddGazetteer();
        services.AddSpeakerSearch(configuration);
        services.AddBookingStore();
        services.AddBookings();
        services.AddBookingConversations();
        services.AddConversation();
        services.AddLanguageModel(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DirectorySeeder>().EnsureSeededAsync();
        await provider.StartSpeakerSearchAsync();
        var engine = provider.GetRequiredService<IConversationEngine>();

        // Two conversations of warm-up: JIT, vocabularies, search index, connection pool.
        for (var i = 0; i < 2; i++)
        {
            await ConverseAsync(engine, "warm-up/" + i, samples: null);
        }

        var samples = new List<double>(rounds * Script.Length);
        for (var i = 0; i < rounds; i++)
        {
            await ConverseAsync(engine, "bench/" + i, samples);
        }

        return samples;
    }

    private static async Task ConverseAsync(IConversationEngine engine, string conversation, List<double>? samples)
    {
        foreach (var text in Script)
        {
            var started = Stopwatch.GetTimestamp();
            var replies = await engine.HandleTurnAsync(new TurnInput { ConversationKey = conversation, UserKey = "bench", Locale = "fr-FR", Text = text });
            samples?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (replies.Count == 0)
            {
                throw new InvalidOperationException($"No reply to \"{text}\".");
            }
        }
    }

    private static string Summary(string label, List<double> samples, long calls)
    {
        samples.Sort();
        double P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, max {samples[^1]:F2} ms over {samples.Count} turns; {calls} calls to the local server");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>
    /// An OpenAI-compatible /chat/completions endpoint on 127.0.0.1 (Kestrel): a schema-valid parse for understanding
    /// calls, a sentence the fit checker accepts, the FAQ answer's own words back; after a fixed delay.
    /// </summary>
    private sealed class LocalChatServer : IAsyncDisposable
    {
        private const string Parse = """{"intent":"find_speaker","sectors":[],"topics":[],"region":null,"department":null,"city":null,"audience":null,"classLevel":null,"format":null,"dateFrom":null,"dateTo":null,"time":null,"pupils":null,"speakers":null}""";
        private readonly WebApplication _app;
        private readonly TimeSpan _delay;
        private long _calls;

        private LocalChatServer(WebApplication app, TimeSpan delay)
        {
            _app = app;
            _delay = delay;
        }

        public Uri Endpoint { get; private set; } = null!;

        public long Calls => Interlocked.Read(ref _calls);

        public static async Task<LocalChatServer> StartAsync(TimeSpan delay)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new LocalChatServer(app, delay);
            app.MapPost("/v1/chat/completions", server.HandleAsync);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Endpoint = new Uri(address.TrimEnd('/') + "/v1/");
            return server;
        }

        private async Task HandleAsync(HttpContext context)
        {
            Interlocked.Increment(ref _calls);
            var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var messages = request!["messages"]!.AsArray();
            var system = messages[0]!["content"]!.ToString();
            var user = messages[^1]!["content"]!.ToString();
            var content = request["response_format"] is not null ? Parse
                : system.Contains("role model fits", StringComparison.Ordinal) ? "Elle vient présenter son métier à votre classe."
                : user[(user.IndexOf("ANSWER:\n", StringComparison.Ordinal) + 8)..];
            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay, context.RequestAborted);
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = "stub",
                ["object"] = "chat.completion",
                ["created"] = 1_764_000_000,
                ["model"] = "stub",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 500, ["completion_tokens"] = 60, ["total_tokens"] = 560 },
            }.ToJsonString(), context.RequestAborted);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
