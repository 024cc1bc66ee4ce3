using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>Creation rate limit, one WebSocket per conversation, and the bad-input answers of the Direct Line host.</summary>
public sealed class DirectLineLimitsTests : IAsyncLifetime
{
    private BotServer _bot = null!;

    public async Task InitializeAsync() => _bot = await BotServer.StartAsync(new Dictionary<string, string?>
    {
        ["DirectLine:CreationBurst"] = "4",
        ["DirectLine:CreationsPerMinute"] = "2",
    });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Creating_conversations_and_tokens_faster_than_the_limit_is_429_with_retry_after_and_others_keep_working()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        using (var second = await _bot.Http.PostAsync("api/directline/token", null))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using (var third = await _bot.Http.PostAsync("v3/directline/tokens/generate", null))
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }

        using var limited = await _bot.Http.PostAsync("api/directline/token", null);
        using var limitedStart = await client.SendAsync(HttpMethod.Post, "v3/directline/conversations");

        foreach (var response in new[] { limited, limitedStart })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
            var error = (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error;
            Assert.Equal("TooManyRequests", error.Code);
            Assert.Contains("Retry-After", error.Message, StringComparison.Ordinal);
        }

        // The limit is on creating, not on talking: the conversation already started goes on.
        var (posted, _) = await client.PostMessageAsync("encore", "c1");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        _bot.Clock.Advance(TimeSpan.FromSeconds(31));
        using var later = await _bot.Http.PostAsync("api/directline/token", null);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task A_second_WebSocket_on_a_conversation_closes_the_first_with_collision_and_gets_the_activities()
    {
        var client = new DirectLineClient(_bot.Http);
        var started = await client.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var first = new ClientWebSocket();
        await first.ConnectAsync(new Uri(started.StreamUrl!), timeout.Token);
        Assert.Contains("Bienvenue", await ReceiveTextAsync(first, timeout.Token), StringComparison.Ordinal);

        var second = DirectLineClient.ReadStreamUntilAsync(started.StreamUrl!, a => a.Any(x => x.Text == "echo: après"));
        string? text;
        do
        {
            text = await ReceiveTextAsync(first, timeout.Token);
        }
        while (text is not null);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, first.CloseStatus);
        Assert.Equal("collision", first.CloseStatusDescription);
        await client.PostMessageAsync("après", "c1");
        var streamed = await second;
        Assert.Contains(streamed, a => a.Text == "après");
    }

    [Fact]
    public async Task Bad_ids_paths_and_bodies_get_the_right_status_and_a_json_error_and_the_conversation_keeps_working()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        var (before, _) = await client.PostMessageAsync("avant", "c0");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        // Ids that try to climb out or smuggle a slash: not a conversation id → 404, whatever the token.
        foreach (var id in new[] { "..%2F..%2Fetc%2Fpasswd", "a%2Fb", "abc%2F..%2F" + client.ConversationId, "%2E%2E%2Fconversations" })
        {
            using var get = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}/activities");
            using var post = await client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{id}/activities", Json("""{"type":"message","text":"x"}"""));
            foreach (var response in new[] { get, post })
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{id} → {response.StatusCode}");
                Assert.Equal("NotFound", (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Code);
            }
        }

        // No conversation id in the path at all.
        foreach (var path in new[] { "v3/directline/conversations//activities", "v3/directline/conversations/activities/x" })
        {
            using var missing = await client.SendAsync(HttpMethod.Post, path, Json("""{"type":"message","text":"x"}"""));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("conversationId", (await missing.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);
        }

        var activities = $"v3/directline/conversations/{client.ConversationId}/activities";
        var invalidUtf8 = new ByteArrayContent([.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        invalidUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var utf8 = await client.SendAsync(HttpMethod.Post, activities, invalidUtf8);
        Assert.Equal(HttpStatusCode.BadRequest, utf8.StatusCode);
        Assert.Contains("UTF-8", (await utf8.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);

        using var huge = await client.SendAsync(HttpMethod.Post, activities, Json($$"""{"type":"message","text":"{{new string('a', 1024 * 1024)}}"}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("256 KB", (await huge.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);

        // Nothing stored was lost and the conversation still answers.
        var (after, _) = await client.PostMessageAsync("après", "c1");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var all = await client.PollUntilAsync(a => a.Any(x => x.Text == "echo: après"));
        Assert.Equal(["avant", "echo: avant", "après", "echo: après"], all.Where(a => a.Type == "message" && a.Text != "Bienvenue sur SpeakerBot !").Select(a => a.Text));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The next text frame (empty keep-alives skipped), or null once the server closed the socket.</summary>
    private static async Task<string?> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var frame = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                frame.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return null;
            }

            if (frame.Length > 0)
            {
                return Encoding.UTF8.GetString(frame.ToArray());
            }
        }
    }
}
