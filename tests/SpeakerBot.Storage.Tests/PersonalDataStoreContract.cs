using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Privacy;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Tests;

/// <summary>What every <see cref="IPersonalDataStore"/> must do; one subclass per implementation.</summary>
public abstract class PersonalDataStoreContract : IDisposable
{
    protected abstract IPersonalDataStore Store { get; }

    protected abstract IBookingStore Bookings { get; }

    protected abstract IStateStore State { get; }

    protected abstract ICoordinatorStore Audit { get; }

    public abstract void Dispose();

    [StoreFact]
    public async Task FindMailsAsync_matches_any_text_column_ignoring_case_or_the_booking_reference()
    {
        await Bookings.EnqueueAsync([
            Mail("a", "Lea.Martin@Example.org", "Bonjour", null),
            Mail("b", "other@example.org", "Votre intervenante Léa Martin a accepté", null),
            Mail("c", "third@example.org", "Rien à voir", "HD-2026-0007"),
            Mail("d", "fourth@example.org", "Rien à voir", null),
        ]);

        var byText = await Store.FindMailsAsync(["lea.martin@example.org", "léa martin"], []);
        var byReference = await Store.FindMailsAsync([], ["HD-2026-0007"]);

        Assert.Equal(["a", "b"], byText.Select(m => m.Key));
        Assert.Equal(["c"], byReference.Select(m => m.Key));
        Assert.Equal(2, await Store.DeleteMailsAsync([.. byText.Select(m => m.Id)]));
        Assert.Empty(await Store.FindMailsAsync(["lea.martin@example.org", "léa martin"], []));
    }

    [StoreFact]
    public async Task FindStateAsync_matches_key_or_json_and_DeleteStateOlderThanAsync_keeps_recent_documents()
    {
        await State.SaveAsync("webchat/users/u-lea", "{}");
        await State.SaveAsync("webchat/conversations/c1", """{"email":"lea@example.org"}""");
        await State.SaveAsync("webchat/conversations/c2", """{"email":"paul@example.org"}""");

        var found = await Store.FindStateAsync(["u-lea", "LEA@example.org"]);
        var stale = await Store.DeleteStateOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-1));
        var all = await Store.DeleteStateOlderThanAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal(["webchat/conversations/c1", "webchat/users/u-lea"], found.Select(d => d.Key));
        Assert.Equal((0, 3), (stale, all));
    }

    [StoreFact]
    public async Task ScrubAuditAsync_clears_snapshots_of_the_target_and_of_entries_naming_her_but_keeps_who_and_when()
    {
        await Audit.AppendAuditAsync(new AuditEntry { Actor = "t", Action = "speaker.create", Target = "speaker:s1", At = DateTimeOffset.UtcNow, AfterJson = """{"firstName":"Léa"}""" });
        await Audit.AppendAuditAsync(new AuditEntry { Actor = "t", Action = "speaker.update", Target = "speaker:s2", At = DateTimeOffset.UtcNow, BeforeJson = """{"note":"vue avec Lea Martin"}""" });
        await Audit.AppendAuditAsync(new AuditEntry { Actor = "t", Action = "speaker.update", Target = "speaker:s3", At = DateTimeOffset.UtcNow, AfterJson = """{"firstName":"Paul"}""" });

        var scrubbed = await Store.ScrubAuditAsync("speaker:s1", ["lea martin"]);

        Assert.Equal(2, scrubbed);
        var entries = (await Audit.ReadAuditAsync("speaker:")).ToDictionary(e => e.Target);
        Assert.Equal((SqlitePersonalDataStore.ErasedSnapshot, "speaker.create"), (entries["speaker:s1"].AfterJson, entries["speaker:s1"].Action));
        Assert.Equal((SqlitePersonalDataStore.ErasedSnapshot, null), (entries["speaker:s2"].BeforeJson, entries["speaker:s2"].AfterJson));
        Assert.Contains("Paul", entries["speaker:s3"].AfterJson, StringComparison.Ordinal);
    }

    private static OutboxMessage Mail(string key, string to, string body, string? reference) => new()
    {
        Key = key,
        To = to,
        Subject = "Sujet",
        Body = body,
        BookingReference = reference,
        DueAt = DateTimeOffset.UtcNow,
    };
}

public sealed class SqlitePersonalDataStoreTests : PersonalDataStoreContract
{
    private readonly TempDatabase _temp = new();

    public SqlitePersonalDataStoreTests()
    {
        var database = new SqliteDatabase(Path.Combine(_temp.Folder, "personal.db"));
        Bookings = new SqliteBookingStore(database, TimeProvider.System);
        State = new SqliteStateStore(database, TimeProvider.System);
        Audit = new SqliteCoordinatorStore(database, TimeProvider.System);
        Store = new SqlitePersonalDataStore(database, Bookings, State, Audit);
    }

    protected override IPersonalDataStore Store { get; }

    protected override IBookingStore Bookings { get; }

    protected override IStateStore State { get; }

    protected override ICoordinatorStore Audit { get; }

    public override void Dispose() => _temp.Dispose();
}
