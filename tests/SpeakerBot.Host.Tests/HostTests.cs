using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SpeakerBot.Host.Tests;

public sealed class HostTests : IAsyncLifetime
{
    private readonly HostFactory _factory = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _factory.CreateRealClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_and_readyz_report_alive_and_ready_with_the_store_reachable()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("healthz")).StatusCode);
        var ready = await _http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("checks").GetProperty("store").GetString());
    }

    [Fact]
    public async Task Root_serves_the_branded_page_and_the_web_chat_bundle()
    {
        var page = await _http.GetStringAsync("/");
        Assert.Contains("<title>SpeakerBot</title>", page, StringComparison.Ordinal);
        Assert.Contains("lib/webchat.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", page, StringComparison.OrdinalIgnoreCase);

        var bundle = await _http.GetAsync("lib/webchat.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000, "the full Web Chat bundle (cards need it) should be served");
        var script = await _http.GetStringAsync("app.js");
        Assert.Contains("api/directline/token", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_token_starts_a_direct_line_conversation_where_the_bot_speaks_first()
    {
        var minted = await (await _http.PostAsync("api/directline/token", null)).Content.ReadFromJsonAsync<JsonElement>();
        var token = minted.GetProperty("token").GetString();
        Assert.True(minted.GetProperty("expires_in").GetInt32() > 60);

        using var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await _http.SendAsync(start)).Content.ReadFromJsonAsync<JsonElement>();
        var conversationId = started.GetProperty("conversationId").GetString();

        using var poll = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities?watermark=");
        poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", started.GetProperty("token").GetString());
        var set = await (await _http.SendAsync(poll)).Content.ReadFromJsonAsync<JsonElement>();
        var first = set.GetProperty("activities")[0];
        Assert.Equal("bot", first.GetProperty("from").GetProperty("role").GetString());
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Api_messages_without_app_id_answers_expectReplies_in_french_by_default()
    {
        var activity = """
            {"type":"message","id":"m1","text":"bonjour","channelId":"emulator","deliveryMode":"expectReplies",
             "from":{"id":"u1"},"recipient":{"id":"bot"},"conversation":{"id":"c1|livechat"},"serviceUrl":"http://127.0.0.1:9/"}
            """;
        var response = await _http.PostAsync("api/messages", new StringContent(activity, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities");
        Assert.True(replies.GetArrayLength() > 0);
        Assert.Equal("u1", replies[0].GetProperty("recipient").GetProperty("id").GetString());
    }
}

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Start_with_single_tenant_app_type_but_no_tenant_fails_naming_the_setting()
    {
        await using var factory = new HostFactory(new()
        {
            ["Bot:MicrosoftAppType"] = "SingleTenant",
            ["Bot:MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
            ["Bot:MicrosoftAppPassword"] = "secret",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.ServerAddress);

        Assert.Contains("Bot:MicrosoftAppTenantId", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_with_a_short_direct_line_signing_key_fails_naming_the_setting()
    {
        await using var factory = new HostFactory(new() { ["DirectLine:TokenSigningKey"] = "c2hvcnQ=" });

        var error = Assert.ThrowsAny<Exception>(() => factory.ServerAddress);

        Assert.Contains("DirectLine:TokenSigningKey", error.ToString(), StringComparison.Ordinal);
    }
}
