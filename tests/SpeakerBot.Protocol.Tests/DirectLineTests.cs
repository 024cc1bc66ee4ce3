using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Protocol.DirectLine;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

public sealed class DirectLineTests : IAsyncLifetime
{
    private BotServer _bot = null!;

    public async Task InitializeAsync() => _bot = await BotServer.StartAsync(new Dictionary<string, string?>
    {
        ["DirectLine:ActivityBurst"] = "5",
        ["DirectLine:ActivitiesPerSecond"] = "0.5",
        ["DirectLine:PollLinger"] = "00:00:05",
    });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Start_delivers_the_welcome_with_suggested_actions_for_the_token_user()
    {
        var client = new DirectLineClient(_bot.Http);
        var started = await client.StartAsync();

        var activities = await client.PollUntilAsync(a => a.Any(x => x.Type == "message"));

        // A typing indicator may precede the welcome on a loaded machine: the messages are what the user reads.
        var welcome = Assert.Single(activities, a => a.Type == "message");
        Assert.Equal("Bienvenue sur SpeakerBot !", welcome.Text);
        Assert.Equal("bot", welcome.From!.Role);
        Assert.StartsWith(started.ConversationId + "|", welcome.Id, StringComparison.Ordinal);
        var user = Assert.Single(welcome.SuggestedActions!.To!);
        Assert.Equal(TokenUser(client.Token), user);
        Assert.StartsWith("ws://", started.StreamUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_is_echoed_with_server_id_and_clientActivityID_and_the_reply_points_to_it()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();

        var (response, id) = await client.PostMessageAsync("bonjour", "client-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = await client.PollUntilAsync(a => a.Any(x => x.Text == "echo: bonjour"));
        var echo = Assert.Single(activities, a => a.Text == "bonjour");
        Assert.Equal(id, echo.Id);
        Assert.Equal("client-42", echo.ChannelData!.Value.GetProperty("clientActivityID").GetString());
        Assert.Equal("user", echo.From!.Role);
        Assert.Equal(TokenUser(client.Token), echo.From.Id);
        var reply = Assert.Single(activities, a => a.Text == "echo: bonjour");
        Assert.Equal(id, reply.ReplyToId);
        Assert.True(string.CompareOrdinal(echo.Timestamp, reply.Timestamp) < 0);
    }

    [Fact]
    public async Task Get_from_a_watermark_after_reconnect_returns_only_what_came_after()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        await client.PostMessageAsync("un", "c1");
        var first = await client.GetActivitiesAsync(null);
        Assert.Equal(3, first.Activities.Count);

        using var resume = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}?watermark={first.Watermark}");
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.Contains("watermark=" + first.Watermark, await resume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await client.PostMessageAsync("deux", "c2");

        var rest = await client.PollUntilAsync(a => a.Any(x => x.Text == "echo: deux"), first.Watermark);
        Assert.Equal(["deux", "echo: deux"], rest.Select(a => a.Text));
        Assert.True(long.Parse(first.Watermark!, System.Globalization.CultureInfo.InvariantCulture) < 5);
    }

    [Fact]
    public async Task Long_poll_woken_by_the_echo_waits_for_the_running_turn_and_carries_the_reply_too()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        var welcome = await client.GetActivitiesAsync(null);
        Assert.Single(welcome.Activities, a => a.Type == "message");

        var poll = client.GetActivitiesAsync(welcome.Watermark);

        // The post goes only once the poll is waiting on the server; a poll arriving after the echo would answer at once.
        var live = await _bot.Services.GetRequiredService<DirectLineConversations>().FindAsync(client.ConversationId, CancellationToken.None);
        for (var tries = 0; Volatile.Read(ref live!.Waiters) == 0 && tries < 200; tries++)
        {
            await Task.Delay(25);
        }

        var post = client.PostMessageAsync("wait:linger", "c1");
        await Task.Delay(300);
        Assert.False(poll.IsCompleted, "the poll answered with the echo alone instead of waiting for the turn");
        _bot.Engine.Gate("linger").SetResult();

        var answered = await poll;
        Assert.Equal(["wait:linger", "echo: wait:linger"], answered.Activities.Where(a => a.Type == "message").Select(a => a.Text));
        Assert.Equal(HttpStatusCode.OK, (await post).Response.StatusCode);
    }

    [Fact]
    public async Task WebSocket_and_polling_deliver_the_same_activities()
    {
        var client = new DirectLineClient(_bot.Http);
        var started = await client.StartAsync();
        await client.PostMessageAsync("cards", "c1");
        var polled = await client.PollUntilAsync(a => a.Any(x => x.Attachments is not null));

        var streamed = await DirectLineClient.ReadStreamUntilAsync(started.StreamUrl!, a => a.Count >= polled.Count);

        Assert.Equal(polled.Select(a => (a.Id, a.Text, a.Attachments?.Count)), streamed.Select(a => (a.Id, a.Text, a.Attachments?.Count)));
    }

    [Fact]
    public async Task WebSocket_pushes_replies_posted_after_it_connected()
    {
        var client = new DirectLineClient(_bot.Http);
        var started = await client.StartAsync();
        var reading = DirectLineClient.ReadStreamUntilAsync(started.StreamUrl!, a => a.Any(x => x.Text == "echo: en direct"));

        await client.PostMessageAsync("en direct", "c1");

        var streamed = await reading;
        Assert.Equal("Bienvenue sur SpeakerBot !", streamed[0].Text);
        Assert.Contains(streamed, a => a.Text == "en direct");
    }

    [Fact]
    public async Task Expired_token_is_403_and_refresh_before_expiry_gives_a_working_token()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        using (var refresh = await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh"))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        }

        _bot.Clock.Advance(TimeSpan.FromMinutes(31));

        using var get = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Contains("TokenExpired", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var refreshLate = await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh");
        Assert.Equal(HttpStatusCode.Forbidden, refreshLate.StatusCode);
    }

    [Fact]
    public async Task Token_of_one_conversation_cannot_read_another_and_unknown_ids_are_refused()
    {
        var alice = new DirectLineClient(_bot.Http);
        await alice.StartAsync();
        var bob = new DirectLineClient(_bot.Http);
        await bob.StartAsync();

        using var crossed = await bob.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{alice.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);

        foreach (var id in new[] { "..%2F..%2Fetc%2Fpasswd", "a%2Fb", "%2E%2E" })
        {
            using var odd = await bob.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{id}/activities");
            Assert.True(odd.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{id} → {odd.StatusCode}");
        }

        var unstarted = new DirectLineClient(_bot.Http);
        var minted = await (await _bot.Http.PostAsync("api/directline/token", null)).Content.ReadAsStringAsync();
        unstarted.Token = System.Text.Json.JsonDocument.Parse(minted).RootElement.GetProperty("token").GetString()!;
        var conversationId = System.Text.Json.JsonDocument.Parse(minted).RootElement.GetProperty("conversationId").GetString()!;
        using var notStarted = await unstarted.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities");
        Assert.Equal(HttpStatusCode.NotFound, notStarted.StatusCode);

        using var noToken = await _bot.Http.GetAsync($"v3/directline/conversations/{alice.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        var forged = new DirectLineClient(_bot.Http) { Token = alice.Token[..^4] + "AAAA" };
        using var forgedGet = await forged.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{alice.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.Forbidden, forgedGet.StatusCode);

        Assert.Single(await alice.PollUntilAsync(a => a.Any(x => x.Type == "message")), a => a.Type == "message");
    }

    [Fact]
    public async Task Post_bad_input_answers_4xx_with_clear_errors_and_keeps_the_conversation_working()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        var path = $"v3/directline/conversations/{client.ConversationId}/activities";

        using var huge = await client.SendAsync(HttpMethod.Post, path, new StringContent($$"""{"type":"message","text":"{{new string('a', 1024 * 1024)}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var malformed = await client.SendAsync(HttpMethod.Post, path, new StringContent("{\"type\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var unknown = await client.SendAsync(HttpMethod.Post, path, new StringContent("{\"type\":\"conversationUpdate\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("conversationUpdate", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (ok, _) = await client.PostMessageAsync("toujours là", "c-ok");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains(await client.PollUntilAsync(a => a.Any(x => x.Text == "echo: toujours là")), a => a.Text == "toujours là");
    }

    [Fact]
    public async Task Post_faster_than_the_rate_limit_is_429_with_retry_after()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var (response, _) = await client.PostMessageAsync("vite " + i, "c" + i);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Conversation_survives_a_restart_with_the_same_signing_key_and_watermarks_keep_growing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-restart-" + Guid.NewGuid().ToString("N"));
        string token, conversationId, watermark;
        await using (var first = await BotServer.StartAsync(folder: folder))
        {
            var client = new DirectLineClient(first.Http);
            await client.StartAsync();
            await client.PostMessageAsync("avant", "c1");
            var set = await client.GetActivitiesAsync(null);
            (token, conversationId, watermark) = (client.Token, client.ConversationId, set.Watermark!);
        }

        Directory.CreateDirectory(folder);
        await using var second = await BotServer.StartAsync(folder: folder);
        var resumed = new DirectLineClient(second.Http) { Token = token, ConversationId = conversationId };
        var (response, id) = await resumed.PostMessageAsync("après", "c2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(string.CompareOrdinal(id, $"{conversationId}|{long.Parse(watermark, System.Globalization.CultureInfo.InvariantCulture):D7}") >= 0);
        var after = await resumed.PollUntilAsync(a => a.Any(x => x.Text == "echo: après"), watermark);
        Assert.Equal(["après", "echo: après"], after.Select(a => a.Text));
        Assert.DoesNotContain(second.Engine.Turns, t => t.Kind == SpeakerBot.Conversation.TurnKind.Join);
    }

    private static string TokenUser(string token)
    {
        var payload = token.Split('.')[1];
        var json = System.Buffers.Text.Base64Url.DecodeFromChars(payload);
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("user").GetString()!;
    }
}
