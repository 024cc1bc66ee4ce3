using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>
/// SpeakerBot called as a skill by a parent bot (deliveryMode expectReplies), answered the way the Bot Framework SDK
/// 4.23 answers: replies after the whole turn, invokes as invokeResponse activities, endOfConversation ends the flow,
/// and the user's day taken from localTimezone.
/// </summary>
[Trait("Category", "Security")]
public sealed class SkillProtocolTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotServer _bot = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();

        // A budget far shorter than any turn that waits for the test: every "wait:" turn runs past it.
        _bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["Bot:ResponseBudget"] = "00:00:00.001" });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task ExpectReplies_turn_running_past_the_budget_returns_its_replies_once_it_ends()
    {
        var activity = Activity("wait:late");
        activity.DeliveryMode = DeliveryModes.ExpectReplies;

        var post = PostAsync(activity);
        await MessagesEndpointTests.WaitUntilAsync(() => _bot.Engine.Turns.Any(t => t.Text == "wait:late"));

        // Held 100 times the 1 ms budget so that the budget has surely run out; the outcome does not depend on this wait.
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        _bot.Engine.Gate("late").SetResult();
        var response = await post;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single((await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ExpectedReplies))!.Activities);
        Assert.Equal("echo: wait:late", reply.Text);
        Assert.Empty(_channel.Replies);
        Assert.DoesNotContain(_bot.Logs, l => l.Contains("proactively", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_with_expectReplies_is_answered_200_with_an_invokeResponse_carrying_501()
    {
        var invoke = Activity(null);
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = "application/search";
        invoke.DeliveryMode = DeliveryModes.ExpectReplies;

        var response = await PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single((await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ExpectedReplies))!.Activities);
        Assert.Equal("invokeResponse", answer.Type);
        Assert.Equal(501, answer.Value!.Value.GetProperty("status").GetInt32());
        Assert.Equal(invoke.Id, answer.ReplyToId);
        Assert.Empty(_bot.Engine.Turns);
    }

    [Fact]
    public async Task EndOfConversation_from_the_parent_ends_the_running_flow_and_says_nothing()
    {
        var first = Activity("bonjour");
        first.DeliveryMode = DeliveryModes.ExpectReplies;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(first)).StatusCode);

        var end = Activity(null);
        end.Type = ActivityTypes.EndOfConversation;
        end.Code = "userCancelled";
        end.DeliveryMode = DeliveryModes.ExpectReplies;
        var response = await PostAsync(end);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ExpectedReplies))!.Activities);
        Assert.Equal("test/conversations/skill-conv-1", Assert.Single(_bot.Engine.Resets));
        Assert.Single(_bot.Engine.Turns);
    }

    [Fact]
    public async Task EndOfConversation_in_normal_delivery_is_acknowledged_and_sends_nothing()
    {
        var end = Activity(null);
        end.Type = ActivityTypes.EndOfConversation;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(end)).StatusCode);

        Assert.Equal("test/conversations/skill-conv-1", Assert.Single(_bot.Engine.Resets));
        Assert.Empty(_channel.Replies);
    }

    [Theory]
    [InlineData("2026-03-14T23:30:00.000Z", null, "Europe/Paris", "2026-03-15T00:30:00+01:00")]
    [InlineData("2026-03-14T23:30:00.000+00:00", null, "America/Los_Angeles", "2026-03-14T16:30:00-07:00")]
    [InlineData(null, "2026-07-01T22:15:00.000Z", "Europe/Paris", "2026-07-02T00:15:00+02:00")]
    [InlineData("2026-03-14T23:30:00.000Z", null, "Mars/Olympus_Mons", "2026-03-14T23:30:00+00:00")]
    [InlineData("2026-03-14T23:30:00.000Z", null, "../../etc/passwd", "2026-03-14T23:30:00+00:00")]
    public async Task The_users_local_time_comes_from_localTimezone_when_the_client_names_one(string? localTimestamp, string? timestamp, string zone, string expected)
    {
        var activity = Activity("demain");
        activity.LocalTimestamp = localTimestamp;
        activity.Timestamp = timestamp;
        activity.LocalTimezone = zone;
        activity.DeliveryMode = DeliveryModes.ExpectReplies;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(activity)).StatusCode);

        var local = Assert.Single(_bot.Engine.Turns).LocalTimestamp!.Value;
        var wanted = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(wanted, local);
        Assert.Equal(wanted.Offset, local.Offset);
        Assert.Equal(DateOnly.FromDateTime(wanted.DateTime), DateOnly.FromDateTime(local.DateTime));
    }

    private Activity Activity(string? text) => new()
    {
        Type = ActivityTypes.Message,
        Id = "p-" + Guid.NewGuid().ToString("N"),
        Text = text,
        ChannelId = "test",
        ServiceUrl = "http://127.0.0.1:9/api/skills/",
        From = new ChannelAccount { Id = "user-1" },
        Recipient = new ChannelAccount { Id = "speakerbot", Role = "skill" },
        Conversation = new ConversationAccount { Id = "skill-conv-1" },
        Locale = "fr-FR",
    };

    private Task<HttpResponseMessage> PostAsync(Activity activity) =>
        _bot.Http.PostAsync("api/messages", new StringContent(JsonSerializer.Serialize(activity, ProtocolJson.Wire.Activity), Encoding.UTF8, "application/json"));
}
