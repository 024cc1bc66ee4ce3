using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Protocol;
using SpeakerBot.Protocol.DirectLine;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Bench;

/// <summary>
/// N concurrent Direct Line conversations over loopback against the real protocol host (Kestrel, SQLite state,
/// turn pipeline): turns per second, POST → reply-visible latency on the WebSocket, and the memory an idle
/// conversation keeps. <c>--engine echo</c> (default) answers every message at once, which measures the host;
/// <c>--engine real</c> composes the bot like the Host does (seed directory, search, understanding, dialogs,
/// bookings) on a fresh database, which measures what a visitor gets.
/// </summary>
internal static class DirectLineBenchmark
{
    private static readonly string[] RealTurns =
    [
        "bonjour",
        "je cherche une ingénieure aéronautique près de Toulouse",
        "une intervenante en cybersécurité en Occitanie pour une classe de 3e",
        "aide",
        "annuler",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var conversations = Option(args, "--conversations", 100);
        var seconds = Option(args, "--seconds", 10);
        var idle = Option(args, "--idle", 2000);
        var engine = TextOption(args, "--engine", "echo");

        // 0: every conversation posts again as soon as its reply arrived (saturation: throughput, and latency under
        // a full queue). R > 0: the conversations together post R turns/s, evenly spaced (latency at that load).
        var rate = Option(args, "--rate", 0);
        if (engine is not ("echo" or "real"))
        {
            Console.Error.WriteLine($"--engine must be echo or real, not '{engine}'.");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        var builder = HostBuilder(folder);
        if (engine == "real")
        {
            ComposeLikeTheHost(builder);
        }
        else
        {
            builder.Services.AddSingleton<IConversationEngine, EchoEngine>();
            builder.Services.AddSingleton(new SqliteDatabase(Path.Combine(folder, "bench.db")));
            builder.Services.AddSingleton<IStateStore, SqliteStateStore>();
            builder.Services.AddBotProtocol();
        }

        await using var app = builder.Build();
        app.MapBotEndpoints();
        var startup = Stopwatch.StartNew();
        await app.StartAsync();
        if (engine == "real")
        {
            Console.WriteLine($"directory: {app.Services.GetRequiredService<ISpeakerSearch>().Count} speakers searchable");
        }

        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = baseAddress };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SpeakerBot Direct Line benchmark: engine {engine}, {conversations} concurrent conversations, {(rate > 0 ? $"offered {rate} turns/s" : "closed loop")}, {seconds} s, {Environment.ProcessorCount} cores, load average {LoadAverage()}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, started in {startup.Elapsed.TotalSeconds:F1} s, loopback {baseAddress}"));
        var clients = await Task.WhenAll(Enumerable.Range(0, conversations).Select(_ => BenchClient.StartAsync(http)));
        var latencies = new ConcurrentBag<(string Text, double Milliseconds)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var clock = Stopwatch.StartNew();
        var texts = engine == "real" ? RealTurns : null;
        var interval = rate > 0 ? TimeSpan.FromSeconds(conversations / (double)rate) : TimeSpan.Zero;
        var turns = await Task.WhenAll(clients.Select((c, i) => c.LoopAsync(http, texts, interval, interval * i / conversations, latencies, stop.Token)));
        clock.Stop();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
        var sorted = latencies.Select(l => l.Milliseconds).Order().ToArray();
        var total = turns.Sum(t => t.Turns);
        var missing = turns.Sum(t => t.Missing);
        var apologies = clients.Sum(c => c.Apologies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"turns: {total} in {clock.Elapsed.TotalSeconds:F1} s = {total / clock.Elapsed.TotalSeconds:F0} turns/s ({missing} posts without a reply within 10 s, {apologies} answered with the error apology)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per turn (host and bench clients, one process): {allocated / Math.Max(1, total) / 1024.0:F1} KB; collections gen0 {collections[0]}, gen1 {collections[1]}, gen2 {collections[2]}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST -> reply visible on the WebSocket: p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms"));

        if (texts is not null)
        {
            // Which kind of turn makes the tail: the engine's work differs a lot between a greeting and a search.
            foreach (var group in latencies.GroupBy(l => l.Text).OrderBy(g => Array.IndexOf(texts, g.Key)))
            {
                var times = group.Select(l => l.Milliseconds).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  \"{group.Key}\": {times.Length} turns, p50 {Percentile(times, 0.50):F1} ms, p99 {Percentile(times, 0.99):F1} ms"));
            }
        }

        var tokens = app.Services.GetRequiredService<DirectLineTokens>();
        await tokens.ReadyAsync();
        var (checkMicroseconds, checkBytes) = MeasureTokenCheck(tokens, "Bearer " + tokens.Issue(DirectLineConversations.NewId(), "dl_bench"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"token check per request: {checkMicroseconds:F2} µs, {checkBytes} bytes allocated"));

        if (idle > 0)
        {
            var perConversation = await MeasureIdleAsync(http, app.Services.GetRequiredService<DirectLineConversations>(), idle);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory per idle conversation (welcome + 2 turns, {idle} conversations): {perConversation / 1024:F1} KB"));
        }

        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>Managed heap growth while <paramref name="count"/> conversations sit idle after a short exchange (polling clients, no socket).</summary>
    private static async Task<double> MeasureIdleAsync(HttpClient http, DirectLineConversations live, int count)
    {
        var before = HeapAfterCollect();
        var liveBefore = live.LiveCount;
        var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var (conversationId, token) = await BenchClient.StartConversationAsync(http);
                for (var i = 0; i < 2; i++)
                {
                    await BenchClient.PostAsync(http, conversationId, token, "bonjour " + i);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var after = HeapAfterCollect();
        return (after - before) / (double)(live.LiveCount - liveBefore);
    }

    /// <summary>What validating the bearer token costs every Direct Line request (signature, expiry, claims).</summary>
    private static (double Microseconds, long Bytes) MeasureTokenCheck(DirectLineTokens tokens, string header)
    {
        const int Calls = 100_000;
        for (var i = 0; i < 1000; i++)
        {
            tokens.Check(header);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            tokens.Check(header);
        }

        clock.Stop();
        return (clock.Elapsed.TotalMicroseconds / Calls, (GC.GetAllocatedBytesForCurrentThread() - allocated) / Calls);
    }

    /// <summary>A host on a free loopback port, its files under <paramref name="folder"/>, with the Direct Line limits lifted for load.</summary>
    internal static WebApplicationBuilder HostBuilder(string folder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DirectLine:ActivitiesPerSecond"] = "100000",
            ["DirectLine:ActivityBurst"] = "100000",
            ["DirectLine:CreationsPerMinute"] = "10000000",
            ["DirectLine:CreationBurst"] = "1000000",
            ["DirectLine:UploadDirectory"] = Path.Combine(folder, "uploads"),
            ["Storage:SqlitePath"] = Path.Combine(folder, "bench.db"),
            ["Bookings:PickupDirectory"] = Path.Combine(folder, "outbox"),
        });
        return builder;
    }

    /// <summary>The composition of src/SpeakerBot.Host/Program.cs minus the web pages (keep the two in step).</summary>
    internal static void ComposeLikeTheHost(WebApplicationBuilder builder)
    {
        builder.Services.AddSpeakerDirectory(builder.Configuration);
        builder.Services.AddGazetteer();
        builder.Services.AddSpeakerSearch(builder.Configuration);
        builder.Services.AddRuleBasedUnderstanding();
        builder.Services.AddBookingStore().AddBookings().AddBookingConversations();
        builder.Services.AddCoordinatorTools();
        builder.Services.AddConversation();
        builder.Services.AddBotProtocol();
        builder.Services.AddLanguageModel(builder.Configuration);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static long HeapAfterCollect()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string TextOption(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class EchoEngine : IConversationEngine
    {
        public Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<BotMessage>>(
            [
                new BotMessage
                {
                    Text = input.Kind == TurnKind.Join ? "Bonjour, je suis SpeakerBot." : "Vous avez écrit : " + input.Text,
                    SuggestedActions = [new BotButton("Aide", "aide")],
                    ExpectsInput = true,
                },
            ]);

        public Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class BenchClient : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _replies = new(StringComparer.Ordinal);
        private readonly ClientWebSocket _socket = new();
        private readonly CancellationTokenSource _closing = new();
        private readonly TaskCompletionSource _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private const string ApologyStart = "Désolée, quelque chose s'est mal passé";
        private int _apologies;
        private Task _reader = Task.CompletedTask;

        /// <summary>Turns the bot answered with its error apology (the engine threw): they do not measure a real turn.</summary>
        public int Apologies => Volatile.Read(ref _apologies);
        private string _conversationId = string.Empty;
        private string _token = string.Empty;

        public static async Task<BenchClient> StartAsync(HttpClient http)
        {
            var client = new BenchClient();
            using var minted = await http.PostAsync("api/directline/token", null);
            var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var started = await response.Content.ReadFromJsonAsync<JsonElement>();
            client._conversationId = started.GetProperty("conversationId").GetString()!;
            client._token = started.GetProperty("token").GetString()!;
            await client._socket.ConnectAsync(new Uri(started.GetProperty("streamUrl").GetString()!), CancellationToken.None);
            client._reader = client.ReadAsync();
            await Task.WhenAny(client._welcome.Task, client._reader);
            if (!client._welcome.Task.IsCompleted)
            {
                await client._reader;
                throw new InvalidOperationException("The stream closed before the welcome arrived.");
            }

            return client;
        }

        public static async Task<(string ConversationId, string Token)> StartConversationAsync(HttpClient http)
        {
            using var minted = await http.PostAsync("api/directline/token", null);
            var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var started = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (started.GetProperty("conversationId").GetString()!, started.GetProperty("token").GetString()!);
        }

        public static async Task<string> PostAsync(HttpClient http, string conversationId, string token, string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities")
            {
                Content = new StringContent($$"""{"type":"message","text":{{JsonSerializer.Serialize(text)}},"from":{"id":"bench"},"locale":"fr-FR"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        /// <summary>Posts one message after another; a turn's latency ends when the first bot message replying to it arrives on the socket.</summary>
        public async Task<(int Turns, int Missing)> LoopAsync(
            HttpClient http, string[]? texts, TimeSpan interval, TimeSpan offset, ConcurrentBag<(string Text, double Milliseconds)> latencies, CancellationToken stop)
        {
            var turns = 0;
            var missing = 0;
            var schedule = Stopwatch.StartNew();
            var next = offset;
            while (!stop.IsCancellationRequested)
            {
                if (interval > TimeSpan.Zero)
                {
                    // Evenly spaced posts; a conversation that fell behind posts at once rather than skipping.
                    var wait = next - schedule.Elapsed;
                    next += interval;
                    if (wait > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(wait, stop);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }
                }

                var started = Stopwatch.GetTimestamp();
                var text = texts is null ? "tour " + turns : texts[turns % texts.Length];
                var id = await PostAsync(http, _conversationId, _token, text);

                // The reply can reach the socket before the POST answers (the host answers after the turn), hence GetOrAdd on both sides.
                var reply = _replies.GetOrAdd(id, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
                try
                {
                    var arrived = await reply.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                    latencies.Add((text, Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds));
                    turns++;
                }
                catch (TimeoutException)
                {
                    missing++;
                }
                finally
                {
                    _replies.TryRemove(id, out _);
                }
            }

            return (turns, missing);
        }

        public async ValueTask DisposeAsync()
        {
            await _closing.CancelAsync();
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already closed.
            }

            await _reader;
            _socket.Dispose();
            _closing.Dispose();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    using var frame = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer, _closing.Token);
                        frame.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType == WebSocketMessageType.Close || frame.Length == 0)
                    {
                        continue;
                    }

                    using var set = JsonDocument.Parse(frame.ToArray());
                    foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
                    {
                        if (activity.GetProperty("type").GetString() != "message" || activity.GetProperty("from").GetProperty("role").GetString() != "bot")
                        {
                            continue;
                        }

                        if (activity.TryGetProperty("text", out var text) && text.GetString()!.StartsWith(ApologyStart, StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref _apologies);
                        }

                        if (!activity.TryGetProperty("replyToId", out var replyTo))
                        {
                            _welcome.TrySetResult();
                        }
                        else
                        {
                            _replies.GetOrAdd(replyTo.GetString()!, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously))
                                .TrySetResult(Stopwatch.GetTimestamp());
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // Benchmark over.
            }
        }
    }
}
