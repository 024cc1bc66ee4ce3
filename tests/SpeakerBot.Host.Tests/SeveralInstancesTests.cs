using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using Xunit.Abstractions;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// Three real hosts (Program.cs, Kestrel on 127.0.0.1) on one PostgreSQL database, as behind a load balancer, with
/// no token or link key configured: whatever one instance starts, another one continues.
/// </summary>
public sealed class SeveralInstancesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private readonly List<HostFactory> _hosts = [];

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.Server is null)
        {
            return;
        }

        _database = await PostgresTestDatabase.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            var host = new HostFactory(new()
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:PostgresConnectionString"] = _database.ConnectionString,
            });

            // One after the other, as a rolling start would: the first seeds the directory, the others find it seeded.
            _ = host.ServerAddress;
            _hosts.Add(host);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_Direct_Line_conversation_posted_to_one_instance_streams_from_another_and_polls_from_the_third()
    {
        AssertStarted();
        using var first = _hosts[0].CreateRealClient();
        using var third = _hosts[2].CreateRealClient();
        var token = await TokenAsync(first);
        using var start = await SendAsync(first, HttpMethod.Post, "v3/directline/conversations", token);
        start.EnsureSuccessStatusCode();
        using var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var conversationId = started.RootElement.GetProperty("conversationId").GetString()!;
        token = started.RootElement.GetProperty("token").GetString()!;
        var streamOnSecond = started.RootElement.GetProperty("streamUrl").GetString()!
            .Replace(_hosts[0].ServerAddress.Authority, _hosts[1].ServerAddress.Authority, StringComparison.Ordinal);

        var reading = ReadStreamUntilAsync(streamOnSecond, all => RepliedAfter(all, "bonjour"));
        var post = new StringContent("""{"type":"message","text":"bonjour","from":{"id":"x"},"locale":"fr-FR"}""", Encoding.UTF8, "application/json");
        using (var posted = await SendAsync(first, HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities", token, post))
        {
            posted.EnsureSuccessStatusCode();
        }

        var streamed = await reading;
        Assert.Equal(Ids(conversationId, streamed.Count), streamed.Select(a => a.Id));

        using var polled = await SendAsync(third, HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities", token);
        polled.EnsureSuccessStatusCode();
        using var set = JsonDocument.Parse(await polled.Content.ReadAsStringAsync());
        var fromThird = set.RootElement.GetProperty("activities").EnumerateArray().Select(Read).ToList();
        var common = Math.Min(streamed.Count, fromThird.Count);
        Assert.Equal(streamed.Take(common).Select(a => (a.Id, a.Text)), fromThird.Take(common).Select(a => (a.Id, a.Text)));
        Assert.True(RepliedAfter(fromThird, "bonjour"), "the third instance should serve the bot's answer too");
        Assert.Equal(fromThird.Count.ToString(CultureInfo.InvariantCulture), set.RootElement.GetProperty("watermark").GetString());
    }

    [PostgresFact]
    public async Task A_profile_changed_through_one_instance_is_found_and_then_gone_in_search_on_another()
    {
        AssertStarted();
        var writer = _hosts[0].Services.GetRequiredService<ISpeakerStore>();
        var search = _hosts[2].Services.GetRequiredService<ISpeakerSearch>();
        var query = new SearchQuery { Text = "glaciologue" };
        Assert.DoesNotContain(search.Search(query).Hits, h => h.Speaker.Id == "multi-1");

        var clock = Stopwatch.StartNew();
        await writer.UpsertAsync([new Speaker
        {
            Id = "multi-1",
            FirstName = "Inès",
            LastName = "Morel",
            Headline = "Glaciologue",
            Sector = "environnement",
            Region = "auvergne-rhone-alpes",
        }]);
        await WaitUntilAsync(() => search.Search(query).Hits.Any(h => h.Speaker.Id == "multi-1"), "the new profile never reached the third instance's index");
        output.WriteLine($"visible on the third instance after {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        await writer.DeleteAsync("multi-1");
        await WaitUntilAsync(() => search.Search(query).Hits.All(h => h.Speaker.Id != "multi-1"), "the erased profile stayed in the third instance's index");
        output.WriteLine($"gone from the third instance after {clock.ElapsedMilliseconds} ms");
    }

    private void AssertStarted() =>
        Assert.True(_hosts.Count == 3, $"Three hosts need a PostgreSQL server: {PostgresTestDatabase.Variable} is not set.");

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }

    private static bool RepliedAfter(List<(string? Id, string? Type, string? Role, string? Text)> all, string userText)
    {
        var said = all.FindIndex(a => a.Role == "user" && a.Text == userText);
        return said >= 0 && all.Skip(said + 1).Any(a => a.Role == "bot" && a.Type == "message");
    }

    private static IEnumerable<string> Ids(string conversationId, int count) =>
        Enumerable.Range(0, count).Select(n => string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{n:D7}"));

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var response = await http.PostAsync("api/directline/token", null);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static (string? Id, string? Type, string? Role, string? Text) Read(JsonElement a) => (
        a.GetProperty("id").GetString(),
        a.GetProperty("type").GetString(),
        a.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) ? role.GetString() : null,
        a.TryGetProperty("text", out var text) ? text.GetString() : null);

    private static async Task<List<(string? Id, string? Type, string? Role, string? Text)>> ReadStreamUntilAsync(
        string streamUrl, Func<List<(string? Id, string? Type, string? Role, string? Text)>, bool> predicate)
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
        var all = new List<(string? Id, string? Type, string? Role, string? Text)>();
        var buffer = new byte[64 * 1024];
        while (!predicate(all))
        {
            using var frame = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                frame.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (frame.Length > 0)
            {
                using var set = JsonDocument.Parse(frame.ToArray());
                all.AddRange(set.RootElement.GetProperty("activities").EnumerateArray().Select(Read));
            }
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return all;
    }
}
