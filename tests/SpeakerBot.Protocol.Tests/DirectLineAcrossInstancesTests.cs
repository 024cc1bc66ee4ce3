using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Protocol.Tests;

/// <summary>
/// Three protocol hosts on one PostgreSQL database, as behind a load balancer: no token key configured (the one
/// generated goes through the database), Direct Line conversations in the shared store, LISTEN/NOTIFY between them.
/// </summary>
public sealed class DirectLineAcrossInstancesTests
{
    [PostgresFact]
    public async Task Posts_to_one_instance_reach_the_WebSocket_and_the_poll_held_by_others_in_order_with_watermarks()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var a = await StartInstanceAsync(database);
        await using var b = await StartInstanceAsync(database);
        await using var c = await StartInstanceAsync(database);
        var client = new DirectLineClient(a.Http);
        var started = await client.StartAsync();

        var streamOnB = started.StreamUrl!.Replace(a.BaseAddress.Authority, b.BaseAddress.Authority, StringComparison.Ordinal);
        var reading = DirectLineClient.ReadStreamUntilAsync(streamOnB, all => all.Count(x => x.Text?.StartsWith("echo: ", StringComparison.Ordinal) == true) == 3);

        // The welcome answers the conversation's start on its own turn: a user reads it before typing (a post sent at
        // once could be numbered before it, as on the real service).
        await client.PollUntilAsync(all => all.Any(x => x.Type == ActivityTypes.Message));
        foreach (var n in new[] { 1, 2, 3 })
        {
            var (response, _) = await client.PostMessageAsync($"message {n}", $"c{n}");
            response.EnsureSuccessStatusCode();
        }

        var streamed = await reading;
        Assert.Equal(Ids(client.ConversationId, 0, streamed.Count), streamed.Select(x => x.Id));
        Assert.Equal(
            ["Bienvenue sur SpeakerBot !", "message 1", "echo: message 1", "message 2", "echo: message 2", "message 3", "echo: message 3"],
            streamed.Where(x => x.Type == ActivityTypes.Message).Select(x => x.Text));

        // The same token, minted by A, polls C: same transcript, same numbering, watermark = activities so far.
        var onC = new DirectLineClient(c.Http) { Token = client.Token, ConversationId = client.ConversationId };
        var polled = await onC.GetActivitiesAsync(null);
        Assert.Equal(streamed.Select(x => (x.Id, x.Text)), polled.Activities.Select(x => (x.Id, x.Text)));
        Assert.Equal(streamed.Count.ToString(CultureInfo.InvariantCulture), polled.Watermark);
    }

    [PostgresFact]
    public async Task A_long_poll_on_one_instance_wakes_for_a_post_on_another()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var slowPolls = new Dictionary<string, string?> { ["DirectLine:PollWait"] = "00:00:09" };
        await using var a = await StartInstanceAsync(database, slowPolls);
        await using var c = await StartInstanceAsync(database, slowPolls);
        var client = new DirectLineClient(a.Http);
        await client.StartAsync();
        var onC = new DirectLineClient(c.Http) { Token = client.Token, ConversationId = client.ConversationId };
        var welcome = await onC.PollUntilAsync(all => all.Any(x => x.Type == ActivityTypes.Message));
        var watermark = welcome.Count.ToString(CultureInfo.InvariantCulture);

        // Nothing new yet: C holds this poll open until the backplane tells it about A's append.
        var held = onC.GetActivitiesAsync(watermark);
        await client.PostMessageAsync("par ici", "c1");
        var woken = await held;

        Assert.Equal("par ici", Assert.IsType<Activity>(woken.Activities.First(x => x.Type == ActivityTypes.Message)).Text);
        Assert.Equal(Ids(client.ConversationId, welcome.Count, woken.Activities.Count), woken.Activities.Select(x => x.Id));
    }

    [PostgresFact]
    public async Task A_client_whose_instance_dies_reconnects_to_another_with_its_token_and_misses_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var a = await StartInstanceAsync(database);
        var b = await StartInstanceAsync(database);
        await using var c = await StartInstanceAsync(database);
        var client = new DirectLineClient(b.Http);
        await client.StartAsync();
        await client.PostMessageAsync("avant", "c1");
        var before = await client.PollUntilAsync(all => all.Any(x => x.Text == "echo: avant"));
        var watermark = before.Count.ToString(CultureInfo.InvariantCulture);

        // B goes away with everything it held in memory; the conversation goes on through A meanwhile.
        await b.DisposeAsync();
        var onA = new DirectLineClient(a.Http) { Token = client.Token, ConversationId = client.ConversationId };
        await onA.PostMessageAsync("pendant", "c2");

        var onC = new DirectLineClient(c.Http) { Token = client.Token, ConversationId = client.ConversationId };
        var after = await onC.PollUntilAsync(all => all.Any(x => x.Text == "echo: pendant"), watermark);
        Assert.Equal(["pendant", "echo: pendant"], after.Where(x => x.Type == ActivityTypes.Message).Select(x => x.Text));
        Assert.Equal(Ids(client.ConversationId, before.Count, after.Count), after.Select(x => x.Id));
    }

    private static IEnumerable<string> Ids(string conversationId, int from, int count) =>
        Enumerable.Range(from, count).Select(n => string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{n:D7}"));

    private static Task<BotServer> StartInstanceAsync(PostgresTestDatabase database, Dictionary<string, string?>? settings = null)
    {
        // No token key configured: each instance must find the one the first generated in the database.
        var all = new Dictionary<string, string?>(settings ?? []) { ["DirectLine:TokenSigningKey"] = string.Empty };
        return BotServer.StartAsync(all, services: services =>
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
            services.AddSingleton<PostgresNotifications>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
            services.AddSingleton<IDirectLineStore, PostgresDirectLineStore>();
            services.AddSingleton<ISecretStore, PostgresSecretStore>();
        });
    }
}
