using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Bookings.Tests;

public sealed class SpeakerSpaceTests : IDisposable
{
    private readonly BookingFixture _f = new();
    private readonly SpeakerSpace _space;

    public SpeakerSpaceTests() =>
        _space = new SpeakerSpace(_f.Links, new SqliteStateStore(_f.Database, _f.Clock), _f.Speakers, _f.Store, Options.Create(_f.Options), _f.Clock);

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task RotateLinkAsync_retires_the_previous_link_and_RevokeAsync_retires_the_last()
    {
        _f.AddSpeaker("s1");
        var first = Token(await _space.RotateLinkAsync("s1"));
        var second = Token(await _space.RotateLinkAsync("s1"));

        Assert.Equal(new SpaceAccess(SpaceAccessKind.Revoked, "s1"), await _space.ReadAsync(first));
        Assert.Equal(new SpaceAccess(SpaceAccessKind.Valid, "s1"), await _space.ReadAsync(second));

        await _space.RevokeAsync("s1");
        Assert.Equal(new SpaceAccess(SpaceAccessKind.Revoked, "s1"), await _space.ReadAsync(second));
    }

    [Fact]
    public async Task ReadAsync_after_a_year_says_expired()
    {
        _f.AddSpeaker("s1");
        var token = Token(await _space.RotateLinkAsync("s1"));
        _f.Clock.Advance(TimeSpan.FromDays(SpeakerSpace.LinkValidityDays + 1));
        Assert.Equal(SpaceAccessKind.Expired, (await _space.ReadAsync(token)).Kind);
    }

    [Fact]
    public void Check_refuses_overlapping_windows_a_cap_out_of_range_no_format_and_a_reversed_pause_field_by_field()
    {
        var speaker = _f.AddSpeaker("s1");
        var change = new SpaceChange(
            [new WeeklySlot(DayOfWeek.Thursday, new TimeOnly(9, 0), new TimeOnly(12, 0)), new WeeklySlot(DayOfWeek.Thursday, new TimeOnly(11, 0), new TimeOnly(13, 0))],
            MonthlyCap: 21,
            Formats: [],
            PauseFrom: new DateOnly(2026, 4, 10),
            PauseTo: new DateOnly(2026, 4, 1),
            EndPause: false);

        var errors = _space.Check(speaker, change, []);

        Assert.Equal(["cap", "day4", "formats", "pauseTo"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The pause ends before it starts.", errors["pauseTo"].English);
    }

    [Fact]
    public void Impact_counts_held_visits_and_the_pupils_the_teacher_reported()
    {
        Booking Visit(string reference, BookingStatus status, int pupils, BookingFeedback? feedback = null) => new()
        {
            Reference = reference,
            Kind = BookingKind.ClassroomVisit,
            Status = status,
            Requester = BookingFixture.Teacher(),
            Date = new DateOnly(2026, 3, 10),
            Start = new TimeOnly(10, 0),
            Pupils = pupils,
            Feedback = feedback,
        };

        var impact = SpeakerSpace.Impact(
        [
            Visit("HD-2026-0001", BookingStatus.Held, 28),
            Visit("HD-2026-0002", BookingStatus.FeedbackReceived, 30, new BookingFeedback(24, 12, 5, BookingFixture.Start)),
            Visit("HD-2026-0003", BookingStatus.Accepted, 25),
            Visit("HD-2026-0004", BookingStatus.Cancelled, 25),
        ]);

        Assert.Equal(new SpaceImpact(2, 52), impact);
    }

    [Fact]
    public async Task Invitation_mail_carries_her_space_link_which_a_revocation_retires()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 19), new TimeOnly(10, 0)));
        var token = await _f.LinkAfterAsync(outcome.Booking!.Reference, "s1@speakers.example", "Vos demandes, vos disponibilités");

        Assert.Equal(new SpaceAccess(SpaceAccessKind.Valid, "s1"), await _space.ReadAsync(token));

        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        await _space.RevokeAsync("s1");
        Assert.Equal(new SpaceAccess(SpaceAccessKind.Revoked, "s1"), await _space.ReadAsync(token));
    }

    [Fact]
    public async Task SendMonthlyMailsAsync_mails_each_approved_speaker_her_link_once_a_month()
    {
        _f.AddSpeaker("s1");
        _f.AddSpeaker("s2");
        await _f.Speakers.UpsertAsync([(await _f.Speakers.GetAsync("s2"))! with { Id = "s3", Status = SpeakerStatus.Pending, Contact = new ContactDetails("s3@speakers.example", null) }]);

        Assert.Equal(2, await _space.SendMonthlyMailsAsync());
        Assert.Equal(0, await _space.SendMonthlyMailsAsync());
        var march = await _f.Store.ClaimDueMailsAsync(_f.Clock.GetUtcNow(), 100, TimeSpan.FromMinutes(5));
        Assert.Equal(["s1@speakers.example", "s2@speakers.example"], march.Select(m => m.To).Order(StringComparer.Ordinal));
        var line = march.First(m => m.To == "s1@speakers.example").Body.Split('\n').First(l => l.Contains("/speakers/space?t=", StringComparison.Ordinal));
        Assert.Equal(new SpaceAccess(SpaceAccessKind.Valid, "s1"), await _space.ReadAsync(Token(line.Trim())));

        _f.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, await _space.SendMonthlyMailsAsync());
    }

    [Fact]
    public async Task SoonAvailability_leaves_out_a_speaker_at_her_cap_or_off_for_the_whole_window_and_takes_her_back()
    {
        var soon = new SoonAvailability(_f.Speakers, _f.Store, _f.Rules);
        _f.AddSpeaker("full", cap: 1);
        var away = Enumerable.Range(0, SoonAvailability.WindowDays).Select(d => new AvailabilityException(_f.Rules.EarliestDate.AddDays(d), Available: false)).ToList();
        _f.AddSpeaker("away", availability: new Availability(Availability.Default.Weekly, away));
        _f.AddSpeaker("free");
        await soon.RefreshAllAsync();
        Assert.Equal(["away"], soon.NotBookableSoon);

        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("full", new DateOnly(2026, 3, 10), new TimeOnly(10, 0)));
        Assert.True(outcome.Succeeded, outcome.Refusal?.English);
        await soon.RefreshAsync("full");
        Assert.Equal(["away", "full"], soon.NotBookableSoon.Order(StringComparer.Ordinal));

        var cancelled = await _f.Service.CancelAsync(outcome.Booking!.Reference, new BookingAccess(BookingFixture.Teacher().UserKey), "Sortie scolaire annulée");
        Assert.True(cancelled.Succeeded, cancelled.Refusal?.English);
        await soon.RefreshAsync("full");
        Assert.Equal(["away"], soon.NotBookableSoon);
    }

    [Fact]
    public async Task Holiday_and_extra_day_are_checked_field_by_field_and_a_booked_visit_is_never_dropped()
    {
        var speaker = _f.AddSpeaker("s1");
        var booked = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 17), new TimeOnly(10, 0)));
        var bookings = await _space.BookingsAsync("s1");
        SpaceChange Change() => new(Availability.Default.Weekly, 4, ["classroom"], null, null, false);

        var reversed = _space.Check(speaker, Change() with { HolidayFrom = new DateOnly(2026, 3, 20), HolidayTo = new DateOnly(2026, 3, 18) }, bookings);
        Assert.Equal("The time off ends before it starts.", reversed["holidayTo"].English);

        var overBooking = _space.Check(speaker, Change() with { HolidayFrom = new DateOnly(2026, 3, 16), HolidayTo = new DateOnly(2026, 3, 18) }, bookings);
        Assert.Contains(booked.Booking!.Reference, overBooking["holidayFrom"].French, StringComparison.Ordinal);

        var extraReversed = _space.Check(speaker, Change() with { ExtraDate = new DateOnly(2026, 3, 21), ExtraStart = new TimeOnly(14, 0), ExtraEnd = new TimeOnly(10, 0) }, bookings);
        Assert.Equal("The window ends (10:00) before it starts (14:00).", extraReversed["extraDate"].English);
        var extraOverlap = _space.Check(speaker, Change() with { ExtraDate = new DateOnly(2026, 3, 19), ExtraStart = new TimeOnly(11, 0), ExtraEnd = new TimeOnly(13, 0) }, bookings);
        Assert.StartsWith("This window overlaps your hours that day", extraOverlap["extraDate"].English, StringComparison.Ordinal);

        var good = Change() with { HolidayFrom = new DateOnly(2026, 3, 23), HolidayTo = new DateOnly(2026, 3, 27), ExtraDate = new DateOnly(2026, 3, 21), ExtraStart = new TimeOnly(9, 0), ExtraEnd = new TimeOnly(12, 0) };
        Assert.Empty(_space.Check(speaker, good, bookings));
        speaker = await _space.SaveAsync(speaker, good);
        Assert.Empty(speaker.Availability.WindowsOn(new DateOnly(2026, 3, 25)));
        Assert.Equal([(new TimeOnly(9, 0), new TimeOnly(12, 0))], speaker.Availability.WindowsOn(new DateOnly(2026, 3, 21)));
        Assert.Equal([(new DateOnly(2026, 3, 23), new DateOnly(2026, 3, 27))], _space.Holidays(speaker));
        Assert.Null(_space.CurrentPause(speaker));

        var overlapping = _space.Check(speaker, Change() with { HolidayFrom = new DateOnly(2026, 3, 26), HolidayTo = new DateOnly(2026, 3, 30) }, bookings);
        Assert.Equal("This time off overlaps the one from Monday 23 March 2026 to Friday 27 March 2026.", overlapping["holidayFrom"].English);

        speaker = await _space.SaveAsync(speaker, Change() with { RemoveHolidays = [new DateOnly(2026, 3, 23)], RemoveExtras = [new DateOnly(2026, 3, 21)] });
        Assert.Empty(speaker.Availability.Exceptions);
    }

    [Fact]
    public async Task CalendarAsync_feeds_her_visits_with_uid_sequence_and_status_and_stops_when_her_links_are_revoked()
    {
        _f.AddSpeaker("s1");
        var school = new School("Lycée Pierre-Paul Riquet; site Nord, bâtiment B — salle polyvalente du rez-de-chaussée", "Saint-Orens-de-Gameville", "0310001A");
        var kept = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 17), new TimeOnly(10, 0)) with { School = school });
        var dropped = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 19), new TimeOnly(14, 0)));
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(kept.Booking!.Reference, "s1"));
        await _f.Service.RespondAsync(await _f.DeclineTokenAsync(dropped.Booking!.Reference, "s1"));
        var url = await _space.CalendarUrlAsync("s1");
        var key = url[(url.LastIndexOf('/') + 1)..^4];

        var feed = await _space.CalendarAsync("s1", key);
        Assert.NotNull(feed);
        Assert.DoesNotContain("\n", feed.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var events = new List<Dictionary<string, string>>();
        foreach (var property in IcsReader.Read(feed).Where(p => p.Component == "VEVENT"))
        {
            if (property.Name == "UID")
            {
                events.Add(new(StringComparer.Ordinal));
            }

            events[^1][property.Name] = property.Value;
        }

        var confirmed = Assert.Single(events, e => e["UID"] == $"{kept.Booking.Reference}@speakerbot");
        Assert.Equal("CONFIRMED", confirmed["STATUS"]);
        Assert.Equal("20260317T090000Z", confirmed["DTSTART"]);
        Assert.Equal((await _f.Store.GetAsync(kept.Booking.Reference))!.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), confirmed["SEQUENCE"]);
        Assert.StartsWith("Lycée Pierre-Paul Riquet; site Nord, bâtiment B", confirmed["LOCATION"], StringComparison.Ordinal);
        Assert.Contains("Riquet\\; site Nord\\, bâtiment", feed.Replace("\r\n ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("CANCELLED", Assert.Single(events, e => e["UID"] == $"{dropped.Booking.Reference}@speakerbot")["STATUS"]);
        Assert.Null(await _space.CalendarAsync("s2", key));

        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        await _space.RevokeAsync("s1");
        Assert.Null(await _space.CalendarAsync("s1", key));
        Assert.NotEqual(url, await _space.CalendarUrlAsync("s1"));
    }

    private static string Token(string url) => url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
}
