using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>
/// Authentication off (no app id, the default): an anonymous caller must not make the bot send requests to an address of
/// its choosing. Replies go to a loopback serviceUrl named from this machine (the Emulator) or in the response.
/// </summary>
[Trait("Category", "Security")]
public sealed class ReplyAddressTests : IAsyncLifetime
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

    [Theory]
    [InlineData("http://evil.example/")]
    [InlineData("http://10.0.0.1:8080/")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("http://169.254.169.254/latest/")]
    public async Task Anonymous_message_naming_a_serviceUrl_beyond_this_machine_is_refused_and_nothing_runs(string serviceUrl)
    {
        var response = await _bot.Http.PostAsync("api/messages", Json(Message("salut", serviceUrl)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse);
        Assert.Contains("serviceUrl", error!.Error.Message, StringComparison.Ordinal);
        Assert.Contains("expectReplies", error.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_bot.Engine.Turns);
        Assert.Contains(_bot.Logs, l => l.Contains(" 3018:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_message_with_expectReplies_gets_its_replies_in_the_response_whatever_the_serviceUrl()
    {
        var activity = Message("salut", "http://evil.example/");
        activity.DeliveryMode = DeliveryModes.ExpectReplies;

        var response = await _bot.Http.PostAsync("api/messages", Json(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ExpectedReplies);
        Assert.Equal("echo: salut", Assert.Single(body!.Activities).Text);
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task Anonymous_message_naming_a_loopback_serviceUrl_is_answered_there()
    {
        var serviceUrl = _channel.ServiceUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _bot.Http.PostAsync("api/messages", Json(Message("salut", serviceUrl)))).StatusCode);

        Assert.Equal("echo: salut", Assert.Single(await _channel.WaitForMessagesAsync(1)).Activity.Text);
    }

    [Fact]
    public async Task Anonymous_typing_needs_no_reply_address_and_is_accepted()
    {
        var typing = Message(null, "http://evil.example/");
        typing.Type = ActivityTypes.Typing;

        Assert.Equal(HttpStatusCode.OK, (await _bot.Http.PostAsync("api/messages", Json(typing))).StatusCode);
        Assert.Empty(_bot.Engine.Turns);
    }

    [Fact]
    public async Task Listening_on_every_interface_without_authentication_says_so_at_start()
    {
        await using var open = await BotServer.StartAsync(url: "http://0.0.0.0:0");

        await MessagesEndpointTests.WaitUntilAsync(() => open.Logs.Any(l => l.Contains(" 3019:", StringComparison.Ordinal)));
        Assert.DoesNotContain(_bot.Logs, l => l.Contains(" 3019:", StringComparison.Ordinal) || l.Contains(" 3020:", StringComparison.Ordinal));
    }

    [NetworkAddressFact]
    public async Task Anonymous_caller_from_the_network_is_refused_unless_allowed_and_then_gets_replies_only_in_the_response()
    {
        var address = NetworkAddressFactAttribute.LocalNetworkAddress()!;
        await using var closed = await BotServer.StartAsync(url: "http://0.0.0.0:0");
        using var fromNetwork = new HttpClient { BaseAddress = new Uri($"http://{address}:{closed.BaseAddress.Port}/") };

        var refused = await fromNetwork.PostAsync("api/messages", Json(Message("salut", _channel.ServiceUrl)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Bot:AllowAnonymousOnNetwork", (await refused.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error.Message, StringComparison.Ordinal);
        Assert.Empty(closed.Engine.Turns);

        await using var open = await BotServer.StartAsync(new Dictionary<string, string?> { ["Bot:AllowAnonymousOnNetwork"] = "true" }, url: "http://0.0.0.0:0");
        using var toOpen = new HttpClient { BaseAddress = new Uri($"http://{address}:{open.BaseAddress.Port}/") };

        // A loopback serviceUrl named from elsewhere would point at this machine's own services: still refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await toOpen.PostAsync("api/messages", Json(Message("salut", _channel.ServiceUrl)))).StatusCode);
        var expectReplies = Message("salut", _channel.ServiceUrl);
        expectReplies.DeliveryMode = DeliveryModes.ExpectReplies;
        var answered = await toOpen.PostAsync("api/messages", Json(expectReplies));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("echo: salut", Assert.Single((await answered.Content.ReadFromJsonAsync(ProtocolJson.Wire.ExpectedReplies))!.Activities).Text);
        Assert.Empty(_channel.Replies);
        Assert.Contains(open.Logs, l => l.Contains(" 3020:", StringComparison.Ordinal));
    }

    private static Activity Message(string? text, string serviceUrl) => new()
    {
        Type = ActivityTypes.Message,
        Id = "e-" + Guid.NewGuid().ToString("N"),
        Text = text,
        ChannelId = "emulator",
        ServiceUrl = serviceUrl,
        From = new ChannelAccount { Id = "user" },
        Recipient = new ChannelAccount { Id = "bot" },
        Conversation = new ConversationAccount { Id = "abc|livechat" },
    };

    private static StringContent Json(Activity activity) =>
        new(JsonSerializer.Serialize(activity, ProtocolJson.Wire.Activity), Encoding.UTF8, "application/json");
}

/// <summary>Needs an IPv4 address of this machine that is not loopback, to call the host "from the network"; skipped with the reason otherwise.</summary>
public sealed class NetworkAddressFactAttribute : FactAttribute
{
    public NetworkAddressFactAttribute()
    {
        if (LocalNetworkAddress() is null)
        {
            Skip = "No non-loopback IPv4 address on this machine to call the host from.";
        }
    }

    public static IPAddress? LocalNetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
