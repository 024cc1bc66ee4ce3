using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Tests;

/// <summary>What every <see cref="IStateStore"/> must do, including two instances taking turns in one conversation.</summary>
public abstract class StateStoreContract : IDisposable
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    protected abstract IStateStore State { get; }

    /// <summary>
    /// A second store on the same database, as another instance of the bot would hold (PostgreSQL: its own connections;
    /// SQLite: one process owns the file, so another store on the process's database).
    /// </summary>
    protected abstract IStateStore OpenAnotherInstance();

    public abstract void Dispose();

    [StoreFact]
    public async Task A_saved_document_comes_back_replaced_and_is_gone_once_deleted()
    {
        await State.SaveAsync("webchat/conversations/c1#dialog", """{"step":1}""");
        await State.SaveAsync("webchat/conversations/c1#dialog", """{"step":2,"name":"Léa"}""");

        var loaded = await State.LoadAsync("webchat/conversations/c1#dialog");
        await State.DeleteAsync("webchat/conversations/c1#dialog");

        Assert.Equal("""{"step":2,"name":"Léa"}""", loaded);
        Assert.Null(await State.LoadAsync("webchat/conversations/c1#dialog"));
        Assert.Null(await State.LoadAsync("webchat/conversations/never"));
    }

    [StoreFact]
    public async Task A_committed_turn_keeps_the_new_state_and_the_replies_of_its_activity_together()
    {
        await State.CommitTurnAsync("webchat/conversations/c1#dialog", """{"step":1}""", "webchat/c1/a1", """[{"text":"Bonjour"}]""");
        await State.CommitTurnAsync("webchat/conversations/c1#dialog", """{"step":2}""", "webchat/c1/a1", """[{"text":"Autre"}]""");

        Assert.Equal("""{"step":2}""", await State.LoadAsync("webchat/conversations/c1#dialog"));
        Assert.Equal("""[{"text":"Bonjour"}]""", await State.FindProcessedAsync("webchat/c1/a1"));
        Assert.False(await State.TryMarkProcessedAsync("webchat/c1/a1"));
    }

    [StoreFact]
    public async Task A_redelivered_activity_is_seen_as_processed_once_and_old_marks_expire()
    {
        var first = await State.TryMarkProcessedAsync("webchat/c1/a1");
        var redelivered = await State.TryMarkProcessedAsync("webchat/c1/a1", """[{"text":"x"}]""");
        Time.Advance(TimeSpan.FromDays(2));
        await State.TryMarkProcessedAsync("webchat/c1/a2", """[{"text":"y"}]""");

        var expired = await State.DeleteProcessedOlderThanAsync(Time.GetUtcNow().AddDays(-1));

        Assert.Equal((true, false), (first, redelivered));
        Assert.Equal(1, expired);
        Assert.Null(await State.FindProcessedAsync("webchat/c1/a1"));
        Assert.Equal("""[{"text":"y"}]""", await State.FindProcessedAsync("webchat/c1/a2"));
    }

    [StoreFact]
    public async Task Turns_of_one_conversation_on_two_instances_at_once_never_lose_an_answer()
    {
        var other = OpenAnotherInstance();
        const string Key = "webchat/conversations/c1#dialog";

        await Task.WhenAll(
            Task.Run(() => Turns(State, "a")),
            Task.Run(() => Turns(other, "b")),
            Task.Run(() => Turns(State, "c")),
            Task.Run(() => Turns(other, "d")));

        // Each turn read the count, added one and committed under the conversation's lock: none was overwritten.
        Assert.Equal("60", await State.LoadAsync(Key));
        Assert.NotNull(await other.FindProcessedAsync("webchat/c1/d-14"));

        static async Task Turns(IStateStore store, string name)
        {
            for (var i = 0; i < 15; i++)
            {
                await using (await store.LockAsync(Key))
                {
                    var count = int.Parse(await store.LoadAsync(Key) ?? "0", CultureInfo.InvariantCulture);
                    await Task.Yield();
                    await store.CommitTurnAsync(Key, (count + 1).ToString(CultureInfo.InvariantCulture), $"webchat/c1/{name}-{i}", "[]");
                }
            }
        }
    }

    [StoreFact]
    public async Task A_held_conversation_does_not_hold_up_another_one()
    {
        var other = OpenAnotherInstance();
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await using (await State.LockAsync("webchat/conversations/c1#dialog", safety.Token))
        await using (await other.LockAsync("webchat/conversations/c2#dialog", safety.Token))
        {
            await other.SaveAsync("webchat/conversations/c2#dialog", "{}", safety.Token);
        }

        // Released: the first conversation can be taken again on the other instance.
        await using (await other.LockAsync("webchat/conversations/c1#dialog", safety.Token))
        {
            Assert.Equal("{}", await State.LoadAsync("webchat/conversations/c2#dialog", safety.Token));
        }
    }
}
