using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>/api/messages as Azure Bot Service calls it: local OpenID server, fake channel, real sockets.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private OpenIdServer _openId = null!;
    private FakeChannel _channel = null!;
    private BotServer _bot = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdServer.StartAsync();
        _channel = await FakeChannel.StartAsync();
        _bot = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:ChannelOpenIdMetadataUrl"] = _openId.ChannelMetadataUrl,
            ["Bot:EntraOpenIdMetadataUrl"] = _openId.EntraMetadataUrl,
            ["Bot:SigningKeysRefreshCooldown"] = "00:00:00",
            ["Bot:TypingDelay"] = "00:00:00.050",
        });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task Post_with_valid_channel_token_replies_to_the_channel_with_the_bot_token()
    {
        var activity = Message("bonjour");
        var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _channel.WaitForMessagesAsync(1));
        Assert.Equal("/v3/conversations/conv;messageid=1|x/activities/act/1", Uri.UnescapeDataString(reply.Path));
        Assert.EndsWith("/activities/act%2F1", reply.Path, StringComparison.Ordinal);
        Assert.Equal("Bearer " + BotServer.BotToken, reply.Authorization);
        Assert.Equal("echo: bonjour", reply.Activity.Text);
        Assert.Equal("act/1", reply.Activity.ReplyToId);
        Assert.Equal("bot-id", reply.Activity.From!.Id);
        Assert.Equal("user-1", reply.Activity.Recipient!.Id);
        Assert.Equal(InputHints.ExpectingInput, reply.Activity.InputHint);
        Assert.Equal(["user-1"], reply.Activity.SuggestedActions!.To!);
        Assert.Equal("oui", reply.Activity.SuggestedActions.Actions![0].Value!.Value.GetString());
        Assert.Equal("imBack", reply.Activity.SuggestedActions.Actions[0].Type);
    }

    [Fact]
    public async Task Post_with_token_from_wrong_issuer_is_401()
    {
        var token = OpenIdServer.ChannelToken(_openId.CurrentChannelKey, AppId, _channel.ServiceUrl, issuer: "https://evil.example.com");
        await AssertRejectedAsync(Message("x"), token);
    }

    [Fact]
    public async Task Post_with_token_for_another_bot_is_401()
    {
        await AssertRejectedAsync(Message("x"), OpenIdServer.ChannelToken(_openId.CurrentChannelKey, "another-app", _channel.ServiceUrl));
    }

    [Fact]
    public async Task Post_with_expired_token_is_401()
    {
        var token = OpenIdServer.ChannelToken(_openId.CurrentChannelKey, AppId, _channel.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-10));
        await AssertRejectedAsync(Message("x"), token);
    }

    [Fact]
    public async Task Post_with_token_signed_by_an_unpublished_key_is_401()
    {
        var forger = OpenIdServer.NewKey();
        forger.KeyId = _openId.CurrentChannelKey.KeyId;
        await AssertRejectedAsync(Message("x"), OpenIdServer.ChannelToken(forger, AppId, _channel.ServiceUrl));
    }

    [Fact]
    public async Task Post_whose_serviceUrl_differs_from_the_token_claim_is_401_and_nothing_is_sent()
    {
        var activity = Message("x");
        activity.ServiceUrl = "http://127.0.0.1:9/attacker/";
        await AssertRejectedAsync(activity, ValidToken());
    }

    [Fact]
    public async Task Post_from_a_channel_the_key_is_not_endorsed_for_is_401()
    {
        var key = _openId.AddChannelKey(["msteams"]);
        var activity = Message("x");
        activity.ChannelId = "webchat";
        await AssertRejectedAsync(activity, OpenIdServer.ChannelToken(key, AppId, _channel.ServiceUrl));
    }

    [Fact]
    public async Task Post_without_authorization_while_an_app_id_is_configured_is_401()
    {
        await AssertRejectedAsync(Message("x"), null);
    }

    [Fact]
    public async Task Post_with_malformed_authorization_header_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = Json(Message("x")) };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        var response = await _bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_signed_with_a_key_published_after_start_is_accepted_after_refreshing_the_keys()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("first"), ValidToken())).StatusCode);
        var fetchesBefore = _openId.KeyFetches;
        var rotated = _openId.AddChannelKey(["webchat"]);

        var response = await PostAsync(Message("after rotation", id: "act-2"), OpenIdServer.ChannelToken(rotated, AppId, _channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_openId.KeyFetches > fetchesBefore);
        Assert.Contains(await _channel.WaitForMessagesAsync(2), r => r.Activity.Text == "echo: after rotation");
    }

    [Fact]
    public async Task Post_with_entra_v2_token_of_this_app_is_accepted()
    {
        var token = OpenIdServer.EntraToken(_openId.EntraKey, AppId, AppId);
        var response = await PostAsync(Message("emulator"), token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: emulator", Assert.Single(await _channel.WaitForMessagesAsync(1)).Activity.Text);
    }

    [Fact]
    public async Task Post_with_entra_v1_token_of_another_app_is_401()
    {
        var token = OpenIdServer.EntraToken(_openId.EntraKey, AppId, "someone-else", version: "1.0", issuer: OpenIdServer.EntraV1Issuer);
        await AssertRejectedAsync(Message("x"), token);
    }

    [Fact]
    public async Task Post_with_expectReplies_returns_the_replies_in_the_body_and_posts_nothing()
    {
        var activity = Message("cards");
        activity.DeliveryMode = DeliveryModes.ExpectReplies;

        var response = await PostAsync(activity, ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ExpectedReplies);
        var reply = Assert.Single(body!.Activities);
        Assert.Equal("carousel", reply.AttachmentLayout);
        Assert.Equal(2, reply.Attachments!.Count);
        Assert.Equal(HeroCard.HeroContentType, reply.Attachments[0].ContentType);
        Assert.Equal("Alice", reply.Attachments[0].Content!.Value.GetProperty("title").GetString());
        Assert.Equal("postBack", reply.Attachments[1].Content!.Value.GetProperty("buttons")[0].GetProperty("type").GetString());
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task Post_of_unknown_invoke_is_501()
    {
        var activity = Message("x");
        activity.Type = ActivityTypes.Invoke;
        activity.Name = "application/unknown";
        Assert.Equal(HttpStatusCode.NotImplemented, (await PostAsync(activity, ValidToken())).StatusCode);
    }

    [Fact]
    public async Task Post_of_the_same_activity_twice_produces_one_reply()
    {
        var first = await PostAsync(Message("once"), ValidToken());
        var second = await PostAsync(Message("once"), ValidToken());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await _channel.WaitForMessagesAsync(1);
        Assert.Single(_bot.Engine.Turns);
        Assert.Single(_channel.Messages());
    }

    [Fact]
    public async Task Post_when_channel_throttles_retries_and_delivers_the_reply_once()
    {
        _channel.ThrottleNext(2);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("throttled"), ValidToken())).StatusCode);

        var reply = Assert.Single(await _channel.WaitForMessagesAsync(1));
        Assert.Equal("echo: throttled", reply.Activity.Text);
        Assert.Equal(2, _channel.Throttled);
    }

    [Fact]
    public async Task Post_when_engine_fails_apologises_and_resets_the_conversation()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("boom"), ValidToken())).StatusCode);

        var reply = Assert.Single(await _channel.WaitForMessagesAsync(1));
        Assert.StartsWith("Désolée", reply.Activity.Text, StringComparison.Ordinal);
        Assert.Equal("webchat/conversations/conv;messageid=1|x", Assert.Single(_bot.Engine.Resets));
    }

    [Fact]
    public async Task Post_of_slow_turn_sends_typing_before_the_reply()
    {
        var post = PostAsync(Message("wait:slow"), ValidToken());
        await WaitUntilAsync(() => _channel.Replies.Any(r => r.Activity.Type == ActivityTypes.Typing));
        _bot.Engine.Gate("slow").SetResult();

        Assert.Equal(HttpStatusCode.OK, (await post).StatusCode);
        await _channel.WaitForMessagesAsync(1);
        var all = _channel.Replies.ToList();
        Assert.Equal(ActivityTypes.Typing, all[0].Activity.Type);
        Assert.Equal("echo: wait:slow", all[^1].Activity.Text);
    }

    [Fact]
    public async Task Turns_of_one_conversation_run_one_at_a_time_and_conversations_run_in_parallel()
    {
        // Conversation A's turn waits for conversation B's turn: this completes only if they run in parallel.
        var a = PostAsync(Message("wait:b-done", id: "a1"), ValidToken());
        await WaitUntilAsync(() => _bot.Engine.Turns.Any(t => t.Text == "wait:b-done"));
        var a2 = PostAsync(Message("second in A", id: "a2"), ValidToken());
        var other = Message("in B", id: "b1");
        other.Conversation = new ConversationAccount { Id = "conv-b" };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(other, ValidToken())).StatusCode);
        Assert.DoesNotContain(_bot.Engine.Turns, t => t.Text == "second in A");
        _bot.Engine.Gate("b-done").SetResult();

        Assert.Equal(HttpStatusCode.OK, (await a).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a2).StatusCode);
        Assert.Equal(1, _bot.Engine.MaxConcurrentPerConversation);
        var order = _bot.Engine.Turns.Select(t => t.Text).ToList();
        Assert.True(order.IndexOf("in B") < order.IndexOf("second in A"));
    }

    [Fact]
    public async Task ConversationUpdate_adding_the_user_welcomes_and_adding_only_the_bot_does_not()
    {
        var botOnly = Message(null);
        botOnly.Type = ActivityTypes.ConversationUpdate;
        botOnly.Id = "cu-1";
        botOnly.MembersAdded = [new ChannelAccount { Id = "bot-id" }];
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(botOnly, ValidToken())).StatusCode);

        var userJoined = Message(null);
        userJoined.Type = ActivityTypes.ConversationUpdate;
        userJoined.Id = "cu-2";
        userJoined.MembersAdded = [new ChannelAccount { Id = "bot-id" }, new ChannelAccount { Id = "user-1" }];
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(userJoined, ValidToken())).StatusCode);

        var welcome = Assert.Single(await _channel.WaitForMessagesAsync(1));
        Assert.Equal("Bienvenue sur SpeakerBot !", welcome.Activity.Text);
        Assert.Null(welcome.Activity.ReplyToId);
    }

    [Fact]
    public async Task Post_with_bad_bodies_answers_4xx_with_a_clear_error_and_keeps_serving()
    {
        var malformed = await _bot.Http.PostAsync("api/messages", new StringContent("{\"type\": \"message\", ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not a valid JSON activity", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var invalidUtf8 = new ByteArrayContent([.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var notUtf8 = await _bot.Http.PostAsync("api/messages", invalidUtf8);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Contains("UTF-8", (await notUtf8.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);

        var huge = Message(new string('a', 1024 * 1024));
        var tooLarge = await PostAsync(huge, ValidToken());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("KB", (await tooLarge.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);

        var noType = await _bot.Http.PostAsync("api/messages", new StringContent("{\"text\":\"hi\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Contains("\"type\"", (await noType.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);

        var noConversation = Message("x");
        noConversation.Conversation = null;
        var missing = await PostAsync(noConversation, ValidToken());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("conversation.id", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknownType = Message("x");
        unknownType.Type = "somethingNew";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(unknownType, ValidToken())).StatusCode);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _bot.Http.GetAsync("api/messages")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("still here"), ValidToken())).StatusCode);
        Assert.Equal("echo: still here", Assert.Single(await _channel.WaitForMessagesAsync(1)).Activity.Text);
    }

    [Fact]
    public async Task Post_keeps_unknown_fields_and_passes_locale_value_and_local_time_to_the_engine()
    {
        var json = $$$"""
            {"type":"message","id":"rich-1","channelId":"webchat","serviceUrl":"{{{_channel.ServiceUrl}}}",
             "from":{"id":"user-1","name":"Claire","futureField":1},"recipient":{"id":"bot-id"},
             "conversation":{"id":"conv-rich"},"locale":"en-GB","localTimestamp":"2026-03-02T09:15:00.000+01:00",
             "value":{"action":"book","speaker":"s-42"},"channelData":{"clientActivityID":"c-1","deep":{"x":[1,2]}},
             "entities":[{"type":"ClientCapabilities","requiresBotState":true}],"brandNewField":{"a":1}}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ValidToken());
        Assert.Equal(HttpStatusCode.OK, (await _bot.Http.SendAsync(request)).StatusCode);

        var turn = Assert.Single(_bot.Engine.Turns);
        Assert.Equal("webchat/conversations/conv-rich", turn.ConversationKey);
        Assert.Equal("webchat/users/user-1", turn.UserKey);
        Assert.Equal("en-GB", turn.Locale);
        Assert.Equal(TimeSpan.FromHours(1), turn.LocalTimestamp!.Value.Offset);
        Assert.Equal("s-42", turn.Value!.Value.GetProperty("speaker").GetString());
        Assert.Equal("Claire", turn.UserName);

        var parsed = JsonSerializer.Deserialize(json, ProtocolJson.Wire.Activity)!;
        var roundTrip = JsonSerializer.Serialize(parsed, ProtocolJson.Wire.Activity);
        Assert.Contains("\"brandNewField\":{\"a\":1}", roundTrip, StringComparison.Ordinal);
        Assert.Contains("\"futureField\":1", roundTrip, StringComparison.Ordinal);
        Assert.Contains("\"deep\":{\"x\":[1,2]}", roundTrip, StringComparison.Ordinal);
        Assert.Contains("\"requiresBotState\":true", roundTrip, StringComparison.Ordinal);
    }

    private string ValidToken() => OpenIdServer.ChannelToken(_openId.CurrentChannelKey, AppId, _channel.ServiceUrl);

    private Activity Message(string? text, string id = "act/1") => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        Text = text,
        ChannelId = "webchat",
        ServiceUrl = _channel.ServiceUrl,
        From = new ChannelAccount { Id = "user-1", Name = "Claire" },
        Recipient = new ChannelAccount { Id = "bot-id", Name = "SpeakerBot" },
        Conversation = new ConversationAccount { Id = "conv;messageid=1|x" },
        Locale = "fr-FR",
    };

    private async Task<HttpResponseMessage> PostAsync(Activity activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = Json(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _bot.Http.SendAsync(request);
    }

    private async Task AssertRejectedAsync(Activity activity, string? token)
    {
        var response = await PostAsync(activity, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse);
        Assert.False(string.IsNullOrWhiteSpace(error!.Error.Message));
        Assert.Empty(_bot.Engine.Turns);
        Assert.Empty(_channel.Replies);
    }

    private static StringContent Json(Activity activity) =>
        new(JsonSerializer.Serialize(activity, ProtocolJson.Wire.Activity), Encoding.UTF8, "application/json");

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
