using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Protocol;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Bench;

/// <summary>
/// `dotnet run -c Release --project src/SpeakerBot.Bench -- bookings-directline [--conversations 200] [--attempts 5]`:
/// that many teachers at once, each in her own Direct Line conversation with the whole bot (the Host's composition,
/// seed directory, real SQLite file), search, click Réserver on a card, answer every question the bot asks and
/// confirm. A teacher whose slot was taken meanwhile takes the bot's "other slot" button and tries again. At the end
/// the database is compared with what the teachers were told: zero lost (a reference shown but not stored) and zero
/// duplicated (two requests for one slot, or two for one teacher) bookings, throughput and turn latency.
/// `--instances N` runs N hosts (each its own container, pools and backplane connection, in this process) on one
/// PostgreSQL database, the server named by `--postgres` or SPEAKERBOT_TEST_POSTGRES (a database of its own is
/// created and dropped), and sends each request to the next host round-robin; `--postgres` alone runs one host on it.
/// </summary>
internal static class BookingDirectLineBench
{
    private static readonly string[] Regions =
    [
        "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Grand Est", "Hauts-de-France",
        "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Corse",
    ];

    private static readonly string[] Jobs =
    [
        "une ingénieure", "une intervenante du numérique", "une policière", "une chercheuse", "une intervenante de la santé",
        "une intervenante de l'énergie", "une cheffe de chantier", "une intervenante de la finance",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var conversations = Option(args, "--conversations", 200);
        var attempts = Option(args, "--attempts", 5);
        var instances = Option(args, "--instances", 1);
        var server = TextOption(args, "--postgres") ?? (instances > 1 ? Environment.GetEnvironmentVariable("SPEAKERBOT_TEST_POSTGRES") : null);
        if (instances < 1 || (instances > 1 && string.IsNullOrWhiteSpace(server)))
        {
            Console.Error.WriteLine("--instances N above 1 needs a PostgreSQL server: --postgres \"Host=…;Username=…\" or SPEAKERBOT_TEST_POSTGRES (eval \"$(bash .ci/postgres start)\").");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = server is null ? null : "sb_bench_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            if (database is not null)
            {
                await AdminAsync(server!, $"CREATE DATABASE {database}");
            }

            var connection = database is null ? null : new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 200 }.ConnectionString;
            return await RunAsync(conversations, attempts, instances, connection, folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            if (database is not null)
            {
                await AdminAsync(server!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> RunAsync(int conversations, int attempts, int instances, string? postgres, string folder)
    {
        var apps = new List<WebApplication>();
        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var builder = DirectLineBenchmark.HostBuilder(Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture)));
                if (postgres is not null)
                {
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Storage:Provider"] = "Postgres",
                        ["Storage:PostgresConnectionString"] = postgres,
                    });
                }

                DirectLineBenchmark.ComposeLikeTheHost(builder);
                var app = builder.Build();
                apps.Add(app);
                app.MapBotEndpoints();

                // One after the other, as a rolling start: the first seeds the directory.
                await app.StartAsync();
                var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
                clients.Add(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) });
            }

            return await MeasureAsync(conversations, attempts, instances, postgres, apps[0], new RoundRobin(clients));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var app in apps)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private static async Task<int> MeasureAsync(int conversations, int attempts, int instances, string? postgres, WebApplication app, RoundRobin http)
    {
        var store = postgres is null ? "one SQLite file" : "one PostgreSQL database";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SpeakerBot booking benchmark over Direct Line: {conversations} concurrent teachers, up to {attempts} attempts each, {instances} instance(s) on {store}, requests spread round-robin, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));

        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, conversations).Select(i => Task.Run(() => TeacherAsync(http, i, attempts, latencies))));
        clock.Stop();

        var told = outcomes.Where(o => o.Reference is not null).ToList();
        var stored = postgres is null ? ReadBookings(app.Services.GetRequiredService<SqliteDatabase>()) : await ReadBookingsAsync(postgres);
        var lost = told.Count(o => !stored.Any(b => b.Reference == o.Reference));
        var duplicatedSlots = stored.GroupBy(b => (b.Speaker, b.Date, b.Start)).Count(g => g.Count() > 1);
        var duplicatedTeachers = stored.GroupBy(b => b.Email).Count(g => g.Count() > 1);
        var unexplained = stored.Count(b => told.All(o => o.Reference != b.Reference));
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"teachers told a reference: {told.Count}/{conversations}; refused after {attempts} attempts: {outcomes.Count(o => o.Reference is null && o.Failure is null)}; stuck: {outcomes.Count(o => o.Failure is not null)}"));
        foreach (var failure in outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).Distinct().Take(5))
        {
            Console.WriteLine("  stuck on: " + failure);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bookings in the database: {stored.Count}; lost (told but not stored): {lost}; stored but never told: {unexplained}; duplicated slots: {duplicatedSlots}; teachers with two bookings: {duplicatedTeachers}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slot taken meanwhile, retried: {outcomes.Sum(o => o.Retries)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"turns: {sorted.Length} in {clock.Elapsed.TotalSeconds:F1} s = {sorted.Length / clock.Elapsed.TotalSeconds:F0} turns/s, {told.Count / clock.Elapsed.TotalSeconds:F1} bookings/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"turn latency (POST to every reply of that turn readable): p50 {Percentile(sorted, 0.50):F1} ms, p95 {Percentile(sorted, 0.95):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {(sorted.Length == 0 ? 0 : sorted[^1]):F1} ms"));
        var ok = lost == 0 && duplicatedSlots == 0 && duplicatedTeachers == 0 && unexplained == 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bench=bookings-directline instances={instances} store={(postgres is null ? "sqlite" : "postgres")} conversations={conversations} booked={told.Count} lost={lost} duplicated={duplicatedSlots + duplicatedTeachers} turns_per_s={sorted.Length / clock.Elapsed.TotalSeconds:F0} p99_ms={Percentile(sorted, 0.99):F1} {(ok ? "ok" : "FAILED")}"));
        return ok ? 0 : 1;
    }

    /// <summary>Each request to the next instance, as a load balancer without affinity would send them.</summary>
    private sealed class RoundRobin(List<HttpClient> clients)
    {
        private int _next;

        public HttpClient Next => clients[(int)((uint)Interlocked.Increment(ref _next) % (uint)clients.Count)];
    }

    private sealed record Outcome(string? Reference, int Retries, string? Failure);

    private sealed record StoredBooking(string Reference, string Speaker, string Date, string Start, string Email);

    /// <summary>One teacher: answers whatever the bot asks, the way a person would, until she holds a reference.</summary>
    private static async Task<Outcome> TeacherAsync(RoundRobin http, int n, int attempts, ConcurrentBag<double> latencies)
    {
        var chat = await Chat.StartAsync(http, latencies);
        var request = $"{Jobs[n % Jobs.Length]} en {Regions[n / Jobs.Length % Regions.Length]} pour mes 4e";
        var replies = await chat.SayAsync(request);
        if (Cards(replies).Count == 0)
        {
            // Nobody of that job there: start over with the region alone, as a teacher would.
            await chat.SayAsync("recommencer");
            replies = await chat.SayAsync($"une intervenante en {Regions[n % Regions.Length]}");
        }

        var cards = Cards(replies);
        if (cards.Count == 0)
        {
            return new Outcome(null, 0, "no card for " + request);
        }

        var book = cards[n % cards.Count].GetProperty("buttons").EnumerateArray().First(b => b.GetProperty("title").GetString() == "Réserver");
        replies = await chat.ClickAsync(book);
        var retries = 0;
        for (var turn = 0; turn < 20 * attempts; turn++)
        {
            var text = string.Join(" ", replies.Select(r => r.TryGetProperty("text", out var t) ? t.GetString() : null));
            var buttons = Suggested(replies);
            if (Reference(text) is { } reference)
            {
                return new Outcome(reference, retries, null);
            }

            string? answer = text switch
            {
                _ when text.Contains("En classe ou en visio", StringComparison.Ordinal) => "En classe",
                _ when text.Contains("Quel créneau", StringComparison.Ordinal) && buttons.Count > 0 => buttons[(n + retries) % buttons.Count],
                _ when text.Contains("Dans quel établissement", StringComparison.Ordinal) => $"Collège Benchmark {n}, Lyon",
                _ when text.Contains("Pour quelle classe", StringComparison.Ordinal) => "4e",
                _ when text.Contains("Combien d'élèves", StringComparison.Ordinal) => "25",
                _ when text.Contains("Votre nom", StringComparison.Ordinal) => $"Professeure {n}",
                _ when text.Contains("adresse e-mail", StringComparison.Ordinal) => $"prof{n}@bench.example",
                _ when text.Contains("Un message pour", StringComparison.Ordinal) => "Passer",
                _ when text.Contains("Je récapitule", StringComparison.Ordinal) => "Oui",
                _ => null,
            };
            if (answer is null)
            {
                // Someone took the slot (or her cap is reached): the bot offers another try.
                var again = buttons.FirstOrDefault(b => b.Contains("créneau", StringComparison.OrdinalIgnoreCase) || b.Contains("heure découverte", StringComparison.OrdinalIgnoreCase));
                if (again is null || ++retries >= attempts)
                {
                    return new Outcome(null, retries, again is null ? Shorten(text) : null);
                }

                replies = await chat.SayAsync(again);
                continue;
            }

            replies = await chat.SayAsync(answer);
        }

        return new Outcome(null, retries, "too many turns");
    }

    private static string? Reference(string text)
    {
        var at = text.IndexOf("HD-", StringComparison.Ordinal);
        return at >= 0 && text.Contains("référence", StringComparison.Ordinal) ? text.Substring(at, 12) : null;
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private static List<JsonElement> Cards(List<JsonElement> replies) =>
        [.. replies.Where(r => r.TryGetProperty("attachments", out _)).SelectMany(r => r.GetProperty("attachments").EnumerateArray()).Select(a => a.GetProperty("content"))];

    private static List<string> Suggested(List<JsonElement> replies) =>
        [.. replies.Where(r => r.TryGetProperty("suggestedActions", out _)).SelectMany(r => r.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray()).Select(a => a.GetProperty("value").GetString()!)];

    private static async Task<List<StoredBooking>> ReadBookingsAsync(string postgres)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(postgres);
        await using var command = dataSource.CreateCommand("SELECT b.reference, s.speaker_id, b.date::text, b.starts_at::text, b.requester_email FROM bookings b LEFT JOIN booking_slots s ON s.reference = b.reference");
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<StoredBooking>();
        while (await reader.ReadAsync())
        {
            result.Add(new StoredBooking(reader.GetString(0), reader.IsDBNull(1) ? "?" : reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return result;
    }

    private static List<StoredBooking> ReadBookings(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT b.reference, s.speaker_id, b.date, b.starts_at, b.requester_email FROM bookings b LEFT JOIN booking_slots s ON s.reference = b.reference;";
        var result = new List<StoredBooking>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new StoredBooking(reader.GetString(0), reader.IsDBNull(1) ? "?" : reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return result;
    }

    /// <summary>A Direct Line conversation in polling mode: post, then read the replies of that activity.</summary>
    private sealed class Chat(RoundRobin http, string conversationId, string token, ConcurrentBag<double> latencies)
    {
        private string? _watermark;

        public static async Task<Chat> StartAsync(RoundRobin http, ConcurrentBag<double> latencies)
        {
            using var minted = await http.Next.PostAsync("api/directline/token", null);
            var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.Next.SendAsync(request);
            var started = await response.Content.ReadFromJsonAsync<JsonElement>();
            var chat = new Chat(http, started.GetProperty("conversationId").GetString()!, started.GetProperty("token").GetString()!, latencies);
            await chat.ReadAsync(null);
            return chat;
        }

        public Task<List<JsonElement>> SayAsync(string text) =>
            PostAsync($$"""{"type":"message","text":{{JsonSerializer.Serialize(text)}},"from":{"id":"teacher"},"locale":"fr-FR"}""");

        public Task<List<JsonElement>> ClickAsync(JsonElement button) =>
            PostAsync($$"""{"type":"message","value":{{button.GetProperty("value").GetRawText()}},"from":{"id":"teacher"},"locale":"fr-FR"}""");

        private async Task<List<JsonElement>> PostAsync(string body)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.Next.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var replies = await ReadAsync(id);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return replies;
        }

        /// <summary>The bot's messages replying to <paramref name="replyTo"/> (or the welcome), waiting until at least one arrived.</summary>
        private async Task<List<JsonElement>> ReadAsync(string? replyTo)
        {
            var found = new List<JsonElement>();
            for (var poll = 0; poll < 100; poll++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities" + (_watermark is null ? string.Empty : "?watermark=" + _watermark));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.Next.SendAsync(request);
                var set = await response.Content.ReadFromJsonAsync<JsonElement>();
                _watermark = set.TryGetProperty("watermark", out var w) ? w.GetString() : _watermark;
                found.AddRange(set.GetProperty("activities").EnumerateArray()
                    .Where(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("role").GetString() == "bot"
                        && (replyTo is null || (a.TryGetProperty("replyToId", out var r) && r.GetString() == replyTo)))
                    .Select(a => a.Clone()));

                // The host answers the POST once the turn is over, so its replies are all there on the first read.
                if (found.Count > 0)
                {
                    return found;
                }

                await Task.Delay(20);
            }

            return found;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string? TextOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
