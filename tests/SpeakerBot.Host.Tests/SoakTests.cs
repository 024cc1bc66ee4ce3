using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Engine;
using SpeakerBot.Host.Tests.Admin;
using SpeakerBot.Protocol.Turns;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// A thousand one-message visitors through the real host (/api/messages on loopback, the real engine, a real SQLite
/// file): nothing stays in memory per conversation once they are idle, and the retention job brings the state and
/// processed-activity rows back to where they started once the idle time has passed.
/// </summary>
[Trait("Category", "Security")]
public sealed class SoakTests : IAsyncLifetime
{
    private const int Conversations = 1000;

    private readonly HostFactory _factory = new(new() { ["Admin:RunRetentionJob"] = "false" });
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
    public async Task Thousand_conversations_leave_no_lock_and_their_rows_expire_after_the_idle_days()
    {
        var engine = _factory.Services.GetRequiredService<ConversationEngine>();
        var pipeline = _factory.Services.GetRequiredService<TurnPipeline>();
        var database = _factory.Services.GetRequiredService<SqliteDatabase>();
        Assert.True((await TurnAsync("warm-up")).GetArrayLength() > 0);
        var before = (State: Count(database, "state"), Processed: Count(database, "processed_activities"));

        await Parallel.ForEachAsync(Enumerable.Range(0, Conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var replies = await TurnAsync("visitor-" + i);
            Assert.True(replies.GetArrayLength() > 0, "no reply for visitor " + i);
        });

        Assert.Equal((0, 0), (engine.LockedConversations, pipeline.BusyConversations));
        Assert.Equal((before.State + Conversations, before.Processed + Conversations), (Count(database, "state"), Count(database, "processed_activities")));

        // Eight days later (the idle-state retention is seven), the retention pass removes every visitor's rows.
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(8));
        var privacy = ActivatorUtilities.CreateInstance<PrivacyService>(_factory.Services, (TimeProvider)later);
        var report = await privacy.ApplyRetentionAsync();

        Assert.Equal(0, Count(database, "processed_activities"));
        Assert.All(Keys(database), key => Assert.Contains(ConversationOptions.LongLivedStatePrefixes, p => key.StartsWith(p, StringComparison.Ordinal)));
        Assert.True(report.StateDocumentsDeleted >= Conversations && report.ProcessedActivitiesDeleted >= Conversations, report.ToString());
    }

    private async Task<JsonElement> TurnAsync(string conversation)
    {
        var activity = JsonSerializer.Serialize(new
        {
            type = "message",
            id = "m1",
            text = "Une ingénieure à Lyon",
            channelId = "emulator",
            deliveryMode = "expectReplies",
            from = new { id = conversation + "-user" },
            recipient = new { id = "bot" },
            conversation = new { id = conversation },
            serviceUrl = "http://127.0.0.1:9/",
        });
        using var response = await _http.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(activity, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities");
    }

    private static List<string> Keys(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM state";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static long Count(SqliteDatabase database, string table)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
