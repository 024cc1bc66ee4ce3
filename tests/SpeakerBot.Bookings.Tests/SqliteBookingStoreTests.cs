using Microsoft.Data.Sqlite;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class SqliteBookingStoreTests : IDisposable
{
    private static readonly DateOnly Tuesday = new(2026, 3, 10);
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task CreateAsync_gives_sequential_references_per_prefix_and_year()
    {
        _f.AddSpeaker("s1");
        var first = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)));
        var second = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 11), new TimeOnly(9, 0), BookingFixture.Teacher("Paul", "paul@ac-lyon.fr", "paul")));
        Assert.Equal("HD-2026-0001", first.Booking?.Reference);
        Assert.Equal("HD-2026-0002", second.Booking?.Reference);
    }

    [Fact]
    public async Task CreateAsync_never_reuses_a_cancelled_reference()
    {
        _f.AddSpeaker("s1");
        var first = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)));
        await _f.Service.CancelAsync(first.Booking!.Reference, new BookingAccess("webchat/users/sophie"), "changement d'emploi du temps");
        var again = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)));
        Assert.Equal("HD-2026-0002", again.Booking?.Reference);
    }

    [Fact]
    public async Task CreateAsync_with_the_same_idempotency_key_books_once()
    {
        _f.AddSpeaker("s1");
        var first = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)), "conv-1/activity-7");
        var redelivered = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)), "conv-1/activity-7");
        Assert.True(redelivered.Replayed);
        Assert.Equal(first.Booking!.Reference, redelivered.Booking!.Reference);
        Assert.Single(await _f.Store.ListForRequesterAsync("webchat/users/sophie"));
        Assert.Equal(2, (await _f.Store.ListMailsAsync(first.Booking.Reference)).Count);
    }

    [Fact]
    public async Task CreateAsync_writes_the_booking_and_its_mails_together()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)));
        var mails = await _f.Store.ListMailsAsync(outcome.Booking!.Reference);
        Assert.Equal(["s1@speakers.example", "sophie.durand@ac-toulouse.fr"], mails.Select(m => m.To).Order());
    }

    [Fact]
    public async Task CreateAsync_interrupted_before_commit_leaves_nothing_and_a_restarted_store_books_once()
    {
        var speaker = _f.AddSpeaker("s1");
        var draft = new Booking
        {
            Reference = string.Empty,
            Kind = BookingKind.ClassroomVisit,
            Requester = BookingFixture.Teacher(),
            Date = Tuesday,
            Start = new TimeOnly(9, 0),
            Seats = [new BookingSeat(1, speaker.Id, SeatRole.Seat, SeatStatus.Invited)],
        };

        // The process dies while building the mails: after the reference was allocated, before the commit.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _f.Store.CreateAsync(draft, "key-1", _ => null, _ => throw new InvalidOperationException("killed")));

        _f.Rebuild();
        Assert.Null(await _f.Store.GetAsync("HD-2026-0001"));
        Assert.Empty(await _f.Store.ListForRequesterAsync("webchat/users/sophie"));

        var retried = await _f.Store.CreateAsync(draft, "key-1", _ => null, b => [_f.Mails.RequestReceived(b, [speaker])]);
        var replay = await _f.Store.CreateAsync(draft, "key-1", _ => null, b => [_f.Mails.RequestReceived(b, [speaker])]);
        Assert.Equal("HD-2026-0001", retried.Booking?.Reference);
        Assert.True(replay.Replayed);
        Assert.Single(await _f.Store.ListForRequesterAsync("webchat/users/sophie"));
        Assert.Single(await _f.Store.ListMailsAsync("HD-2026-0001"));
    }

    [Fact]
    public async Task CreateAsync_slot_index_refuses_a_second_booking_even_without_rules()
    {
        var speaker = _f.AddSpeaker("s1");
        Booking Draft(string email) => new()
        {
            Reference = string.Empty,
            Kind = BookingKind.ClassroomVisit,
            Requester = BookingFixture.Teacher(email: email),
            Date = Tuesday,
            Start = new TimeOnly(9, 0),
            Seats = [new BookingSeat(1, speaker.Id, SeatRole.Seat, SeatStatus.Invited)],
        };
        Assert.True((await _f.Store.CreateAsync(Draft("a@x.fr"), "k1", _ => null, _ => [])).Succeeded);
        var second = await _f.Store.CreateAsync(Draft("b@x.fr"), "k2", _ => null, _ => []);
        Assert.Equal("slot-taken", second.Refusal?.Code);
        Assert.Single(await _f.Store.ListForSpeakerAsync("s1", Tuesday, Tuesday));
    }

    [Fact]
    public async Task Database_file_holds_one_booking_row_per_reference_after_a_restart()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(9, 0)), "k");
        _f.Rebuild();
        var reloaded = await _f.Store.GetAsync(outcome.Booking!.Reference);
        Assert.NotNull(reloaded);
        Assert.Equal((outcome.Booking.Date, outcome.Booking.Start, outcome.Booking.School, outcome.Booking.Requester, outcome.Booking.Pupils), (reloaded.Date, reloaded.Start, reloaded.School, reloaded.Requester, reloaded.Pupils));
        Assert.Equal(outcome.Booking.Seats, reloaded.Seats);
        await using var connection = new SqliteConnection($"Data Source={_f.Database.Path}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM bookings";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }
}
