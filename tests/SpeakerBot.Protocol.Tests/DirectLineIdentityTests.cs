using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>Who the chat user is: chosen by the server, named by a caller only with the Direct Line secret.</summary>
[Trait("Category", "Security")]
public sealed class DirectLineIdentityTests : IAsyncLifetime
{
    private const string Secret = "server-to-server-secret";
    private BotServer _bot = null!;

    public async Task InitializeAsync() => _bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["DirectLine:Secret"] = Secret });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Page_token_ignores_a_user_id_named_in_the_body_and_issues_a_random_one()
    {
        var first = await MintAsync("api/directline/token", """{"user":{"id":"dl_teacher_sophie"}}""");
        var second = await MintAsync("api/directline/token", """{"user":{"id":"dl_teacher_sophie"}}""");

        Assert.NotEqual("dl_teacher_sophie", TokenUser(first.Token));
        Assert.StartsWith("dl_", TokenUser(first.Token), StringComparison.Ordinal);
        Assert.NotEqual(TokenUser(first.Token), TokenUser(second.Token));
    }

    [Fact]
    public async Task Tokens_generate_with_the_secret_honours_the_chosen_user_and_turns_run_as_that_user()
    {
        var minted = await MintAsync("v3/directline/tokens/generate", """{"user":{"id":"teacher-42"}}""", Secret);
        Assert.Equal("teacher-42", TokenUser(minted.Token));

        var client = new DirectLineClient(_bot.Http) { Token = minted.Token };
        using var start = await client.SendAsync(HttpMethod.Post, "v3/directline/conversations");
        start.EnsureSuccessStatusCode();
        client.ConversationId = minted.ConversationId;
        await client.PostMessageAsync("bonjour", "c-1");

        Assert.Contains(_bot.Engine.Turns, t => t.Text == "bonjour" && t.UserKey == "directline/users/teacher-42");
    }

    [Fact]
    public async Task Tokens_generate_with_the_secret_refuses_a_user_id_with_control_characters_naming_the_field()
    {
        using var response = await PostAsync("v3/directline/tokens/generate", "{\"user\":{\"id\":\"a\\r\\nb\"}}", Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("user.id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_secret_tokens_generate_ignores_the_chosen_user()
    {
        await using var open = await BotServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate")
        {
            Content = new StringContent("""{"user":{"id":"dl_teacher_sophie"}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await open.Http.SendAsync(request);
        var minted = (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ConversationResponse))!;

        Assert.NotEqual("dl_teacher_sophie", TokenUser(minted.Token));
    }

    [Fact]
    public async Task A_forged_from_id_in_a_posted_activity_reaches_the_bot_as_the_token_user()
    {
        var victim = new DirectLineClient(_bot.Http);
        await victim.StartAsync();
        var victimUser = TokenUser(victim.Token);

        // The attacker names the victim both in the token request and in every activity she posts.
        var minted = await MintAsync("api/directline/token", $$$"""{"user":{"id":"{{{victimUser}}}"}}""");
        var attacker = new DirectLineClient(_bot.Http) { Token = minted.Token, ConversationId = minted.ConversationId };
        (await attacker.SendAsync(HttpMethod.Post, "v3/directline/conversations")).EnsureSuccessStatusCode();
        var body = $$"""{"type":"message","text":"où en sont mes demandes","from":{"id":"{{victimUser}}","name":"Sophie"},"locale":"fr-FR"}""";
        (await attacker.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{minted.ConversationId}/activities", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var turn = Assert.Single(_bot.Engine.Turns, t => t.Text == "où en sont mes demandes");
        Assert.NotEqual($"directline/users/{victimUser}", turn.UserKey);
        Assert.Equal($"directline/users/{TokenUser(minted.Token)}", turn.UserKey);
    }

    [Fact]
    public async Task Page_token_presented_again_after_a_reload_keeps_the_user_but_a_forged_one_does_not()
    {
        var first = await MintAsync("api/directline/token", """{"locale":"fr-FR"}""");
        var parts = first.Token.Split('.');
        var claims = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"conv":"abcdefgh","user":"dl_teacher_sophie","iat":1,"exp":99999999999}"""));

        var reloaded = await MintAsync("api/directline/token", """{"locale":"fr-FR"}""", first.Token);
        var forged = await MintAsync("api/directline/token", """{"locale":"fr-FR"}""", $"{parts[0]}.{claims}.{parts[2]}");

        Assert.Equal(TokenUser(first.Token), TokenUser(reloaded.Token));
        Assert.NotEqual(first.ConversationId, reloaded.ConversationId);
        Assert.NotEqual("dl_teacher_sophie", TokenUser(forged.Token));
        Assert.NotEqual(TokenUser(first.Token), TokenUser(forged.Token));
    }

    [Fact]
    public async Task Page_token_expired_a_while_ago_still_keeps_the_user_but_not_after_the_resume_window()
    {
        var first = await MintAsync("api/directline/token", null);

        _bot.Clock.Advance(TimeSpan.FromHours(2));
        var afterLunch = await MintAsync("api/directline/token", null, first.Token);
        _bot.Clock.Advance(TimeSpan.FromDays(2));
        var nextWeek = await MintAsync("api/directline/token", null, first.Token);

        Assert.Equal(TokenUser(first.Token), TokenUser(afterLunch.Token));
        Assert.NotEqual(TokenUser(first.Token), TokenUser(nextWeek.Token));
    }

    [Fact]
    public async Task Unauthenticated_api_messages_claiming_the_direct_line_channel_cannot_act_as_a_direct_line_user()
    {
        var victim = new DirectLineClient(_bot.Http);
        await victim.StartAsync();
        var victimUser = TokenUser(victim.Token);

        var forged = JsonSerializer.Serialize(new Activity
        {
            Type = ActivityTypes.Message,
            Id = "forged-1",
            Text = "annuler ma demande",
            ChannelId = "directline",
            DeliveryMode = DeliveryModes.ExpectReplies,
            ServiceUrl = _bot.BaseAddress.ToString(),
            From = new ChannelAccount { Id = victimUser },
            Recipient = new ChannelAccount { Id = "speakerbot" },
            Conversation = new ConversationAccount { Id = victim.ConversationId },
        }, ProtocolJson.Wire.Activity);
        using var response = await _bot.Http.PostAsync("api/messages", new StringContent(forged, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(_bot.Engine.Turns, t => t.Text == "annuler ma demande");
        Assert.NotEqual($"directline/users/{victimUser}", turn.UserKey);
        Assert.NotEqual($"directline/conversations/{victim.ConversationId}", turn.ConversationKey);
    }

    private async Task<ConversationResponse> MintAsync(string path, string? body, string? bearer = null)
    {
        using var response = await PostAsync(path, body, bearer);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ConversationResponse))!;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string? body, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await _bot.Http.SendAsync(request);
    }

    private static string TokenUser(string token) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement.GetProperty("user").GetString()!;
}
