using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Postgres;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Tests;

/// <summary>
/// `speakerbot db copy` (decision 124): an SQLite deployment moved into an empty PostgreSQL database is read there by
/// the PostgreSQL stores as it was (same counts, a booking with its outbox, a coordinator's token, the audit, the keys).
/// </summary>
public sealed class DatabaseCopyTests : IPostgresContract, IDisposable
{
    private static readonly byte[] Hash = [7, 1, 250, 3];

    private readonly TempDatabase _folder = new();
    private readonly PostgresTestDatabase _target = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _target.Dispose();
        _folder.Dispose();
    }

    [StoreFact]
    public async Task Copy_puts_every_store_into_postgres_with_the_same_counts_and_a_readable_booking()
    {
        var sqlite = new SqliteDatabase(Path.Combine(_folder.Folder, "directory.db"));
        var reference = await FillAsync(sqlite);

        var target = _target.Open();
        var counts = await DatabaseCopy.CopyAsync(sqlite.Path, target.DataSource);

        Assert.All(counts, c => Assert.Equal(c.Source, c.Target));
        Assert.Equal(
            [("speakers", 2L), ("state", 1L), ("processed_activities", 1L), ("bookings", 1L), ("booking_slots", 1L), ("booking_reference_counters", 1L), ("booking_outbox", 1L), ("booking_used_tokens", 1L), ("booking_secrets", 1L), ("coordinators", 1L), ("audit_log", 1L)],
            counts.Select(c => (c.Table, c.Target)).ToList());

        var bookings = new PostgresBookingStore(target, _time);
        var booking = await bookings.GetAsync(reference);
        Assert.NotNull(booking);
        Assert.Equal(("sp-1", new DateOnly(2027, 3, 2), "Collège Jean Moulin"), (booking.Seats[0].SpeakerId, booking.Date, booking.School!.Name));
        Assert.Equal($"{reference}/request", Assert.Single(await bookings.ListMailsAsync(reference)).Key);
        Assert.Equal("the-link-key", await bookings.GetOrCreateSecretAsync("link-key", () => "another"));
        Assert.False(await bookings.TryConsumeTokenAsync("token-1", _time.GetUtcNow()));
        Assert.EndsWith("-0002", (await bookings.CreateAsync(Draft("sp-2"), "k-2", _ => null, _ => [])).Booking!.Reference, StringComparison.Ordinal);

        Assert.Equal("Léa", (await new PostgresSpeakerStore(target).GetAsync("sp-1"))!.FirstName);
        var state = new PostgresStateStore(target, _time);
        Assert.Equal("""{"step":"date"}""", await state.LoadAsync("conv/1"));
        Assert.Equal("[]", await state.FindProcessedAsync("activity-1"));

        var coordinators = new PostgresCoordinatorStore(target, _time);
        var anne = Assert.Single(await coordinators.ListAsync());
        Assert.Equal(Hash, (await coordinators.GetCredentialAsync(anne.Id))!.TokenHash);
        Assert.Equal("coordinator.add", Assert.Single(await coordinators.ReadAuditAsync()).Action);
        var paul = await coordinators.AddAsync("paul@example.org", CoordinatorRole.National, [], Hash, "cli:admin");
        Assert.True(paul.Id > anne.Id, "ids continue after the copied ones");
    }

    [StoreFact]
    public async Task Copy_refuses_a_target_that_already_has_rows_and_writes_nothing()
    {
        var sqlite = new SqliteDatabase(Path.Combine(_folder.Folder, "directory.db"));
        await FillAsync(sqlite);
        var target = _target.Open();
        await new PostgresSpeakerStore(target).UpsertAsync([Speaker("already-there")]);

        var refused = await Assert.ThrowsAsync<DatabaseCopyException>(() => DatabaseCopy.CopyAsync(sqlite.Path, target.DataSource));

        Assert.Contains("not empty (speakers already have rows)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await new PostgresSpeakerStore(target).CountAsync());
        Assert.Null(await new PostgresBookingStore(target, _time).GetAsync("HD-2027-0001"));
    }

    [StoreFact]
    public async Task Copy_from_a_missing_file_names_it()
    {
        var missing = Path.Combine(_folder.Folder, "nowhere.db");

        var refused = await Assert.ThrowsAsync<DatabaseCopyException>(() => DatabaseCopy.CopyAsync(missing, _target.Open().DataSource));

        Assert.Contains("--from", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere.db does not exist", refused.Message, StringComparison.Ordinal);
    }

    private async Task<string> FillAsync(SqliteDatabase sqlite)
    {
        await new SqliteSpeakerStore(sqlite).UpsertAsync([Speaker("sp-1"), Speaker("sp-2")]);
        var state = new SqliteStateStore(sqlite, _time);
        await state.SaveAsync("conv/1", """{"step":"date"}""");
        await state.TryMarkProcessedAsync("activity-1", "[]");
        var bookings = new SqliteBookingStore(sqlite, _time);
        var created = await bookings.CreateAsync(Draft("sp-1"), "k-1", _ => null, b => [Mail(b.Reference)]);
        await bookings.GetOrCreateSecretAsync("link-key", () => "the-link-key");
        await bookings.TryConsumeTokenAsync("token-1", _time.GetUtcNow());
        await new SqliteCoordinatorStore(sqlite, _time).AddAsync("anne@example.org", CoordinatorRole.Regional, ["occitanie"], Hash, "cli:admin");
        return created.Booking!.Reference;
    }

    private static Speaker Speaker(string id) =>
        SpeakerStoreContract.Speaker(id) with { UpdatedAt = new DateTimeOffset(2026, 11, 3, 8, 30, 0, TimeSpan.FromHours(1)) };

    private static Booking Draft(string speakerId) => new()
    {
        Reference = string.Empty,
        Kind = BookingKind.ClassroomVisit,
        Requester = new Requester("Mme Prof", "prof@example.org", "webchat/u-prof"),
        Date = new DateOnly(2027, 3, 2),
        Start = new TimeOnly(10, 0),
        School = new School("Collège Jean Moulin", "Toulouse"),
        Seats = [new BookingSeat(1, speakerId, SeatRole.Seat, SeatStatus.Invited)],
    };

    private OutboxMessage Mail(string reference) => new()
    {
        Key = $"{reference}/request",
        BookingReference = reference,
        To = "prof@example.org",
        Subject = "Votre demande",
        Body = "Bonjour",
        DueAt = _time.GetUtcNow(),
    };
}
