using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>No app id configured: the Emulator's local mode.</summary>
public sealed class AnonymousModeTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotServer _bot = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        _bot = await BotServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task Post_without_authorization_is_accepted_and_the_reply_carries_no_token()
    {
        var response = await _bot.Http.PostAsync("api/messages", Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _channel.WaitForMessagesAsync(1));
        Assert.Null(reply.Authorization);
        Assert.Equal("echo: salut", reply.Activity.Text);
    }

    [Fact]
    public async Task Post_with_a_bearer_token_while_no_app_id_is_configured_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = Body() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OpenIdServer.ChannelToken(OpenIdServer.NewKey(), "x", _channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _bot.Http.SendAsync(request)).StatusCode);
        Assert.Empty(_bot.Engine.Turns);
    }

    private StringContent Body() => new(JsonSerializer.Serialize(new Activity
    {
        Type = ActivityTypes.Message,
        Id = "e-1",
        Text = "salut",
        ChannelId = "emulator",
        ServiceUrl = _channel.ServiceUrl,
        From = new ChannelAccount { Id = "user" },
        Recipient = new ChannelAccount { Id = "bot" },
        Conversation = new ConversationAccount { Id = "abc|livechat" },
    }, ProtocolJson.Wire.Activity), Encoding.UTF8, "application/json");
}
