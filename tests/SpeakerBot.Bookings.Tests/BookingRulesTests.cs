using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class BookingRulesTests : IDisposable
{
    private static readonly DateOnly Tuesday = new(2026, 3, 10);
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void CheckVisit_fewer_than_seven_days_ahead_is_refused_with_the_first_possible_date()
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, new DateOnly(2026, 3, 5), new TimeOnly(10, 0), VisitFormat.InPerson, null, []);
        Assert.Equal("too-soon", refusal?.Code);
        Assert.Contains("7 jours", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("lundi 9 mars 2026", refusal.French, StringComparison.Ordinal);
        Assert.Contains("Monday 9 March 2026", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisit_lead_time_follows_the_configured_days()
    {
        using var f = new BookingFixture(o => o.MinLeadDays = 2);
        var speaker = f.AddSpeaker("s1");
        Assert.Null(f.Rules.CheckVisit(speaker, new DateOnly(2026, 3, 5), new TimeOnly(10, 0), VisitFormat.InPerson, null, []));
    }

    [Fact]
    public void CheckVisit_on_a_saturday_is_refused_and_suggests_the_monday()
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, new DateOnly(2026, 3, 14), new TimeOnly(10, 0), VisitFormat.InPerson, null, []);
        Assert.Equal("weekend", refusal?.Code);
        Assert.Contains("lundi 16 mars 2026", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("weekday", refusal.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, 30)]
    [InlineData(17, 30)]
    public void CheckVisit_outside_eight_to_eighteen_is_refused(int hour, int minute)
    {
        var speaker = _f.AddSpeaker("s1", availability: new Availability([new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(6, 0), new TimeOnly(21, 0))], []));
        var refusal = _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(hour, minute), VisitFormat.InPerson, null, []);
        Assert.Equal("outside-hours", refusal?.Code);
        Assert.Contains("17:00", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("between 8:00 and 18:00", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisitTiming_longer_than_one_hour_is_refused()
    {
        Assert.Equal("duration", _f.Rules.CheckVisitTiming(Tuesday, new TimeOnly(10, 0), 90)?.Code);
    }

    [Fact]
    public void CheckVisit_outside_the_speakers_windows_lists_the_windows_of_that_day()
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(12, 0), VisitFormat.InPerson, null, []);
        Assert.Equal("unavailable", refusal?.Code);
        Assert.Contains("09:00–12:00, 14:00–17:00", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("not available at 12:00", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisit_on_a_day_she_never_works_names_her_usual_days()
    {
        var speaker = _f.AddSpeaker("s1", availability: new Availability([new WeeklySlot(DayOfWeek.Thursday, new TimeOnly(9, 0), new TimeOnly(12, 0))], []));
        var refusal = _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(10, 0), VisitFormat.InPerson, null, []);
        Assert.Equal("unavailable", refusal?.Code);
        Assert.Contains("jeudi", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("Thursday", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisit_beyond_the_monthly_cap_is_refused_and_suggests_next_month()
    {
        var speaker = _f.AddSpeaker("s1", cap: 2);
        var booked = new[] { Booked("HD-2026-0001", speaker.Id, new DateOnly(2026, 3, 16), 10), Booked("HD-2026-0002", speaker.Id, new DateOnly(2026, 3, 17), 10) };
        var refusal = _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(10, 0), VisitFormat.InPerson, null, booked);
        Assert.Equal("monthly-cap", refusal?.Code);
        Assert.Contains("avril 2026", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("April 2026", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisit_within_the_travel_buffer_of_an_in_person_visit_is_refused()
    {
        var speaker = _f.AddSpeaker("s1");
        var booked = new[] { Booked("HD-2026-0001", speaker.Id, Tuesday, 9) };
        var refusal = _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(10, 0), VisitFormat.InPerson, null, booked);
        Assert.Equal("overlap", refusal?.Code);
        Assert.Contains("60 minutes de trajet", refusal!.French, StringComparison.Ordinal);
        Assert.Null(_f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(11, 0), VisitFormat.InPerson, null, booked));
    }

    [Fact]
    public void CheckVisit_online_right_after_an_online_visit_needs_no_buffer()
    {
        var speaker = _f.AddSpeaker("s1");
        var booked = new[] { Booked("HD-2026-0001", speaker.Id, Tuesday, 9, VisitFormat.Online) };
        Assert.Null(_f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(10, 0), VisitFormat.Online, null, booked));
        Assert.Equal("overlap", _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(9, 0), VisitFormat.Online, null, booked)?.Code);
    }

    [Fact]
    public void CheckVisit_second_request_by_the_same_teacher_the_same_day_is_a_duplicate()
    {
        var speaker = _f.AddSpeaker("s1");
        var booked = new[] { Booked("HD-2026-0001", speaker.Id, Tuesday, 9) };
        var refusal = _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(15, 0), VisitFormat.InPerson, BookingFixture.Teacher(email: "SOPHIE.durand@ac-toulouse.fr", user: "other"), booked);
        Assert.Equal("duplicate", refusal?.Code);
        Assert.Contains("HD-2026-0001", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("move that request", refusal.English, StringComparison.Ordinal);
        Assert.Null(_f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(15, 0), VisitFormat.InPerson, BookingFixture.Teacher("Paul", "paul@ac-lyon.fr", "paul"), booked));
    }

    [Fact]
    public void CheckVisit_with_a_speaker_not_approved_is_refused()
    {
        var speaker = _f.AddSpeaker("s1") with { Status = SpeakerStatus.Archived };
        Assert.Equal("speaker-unavailable", _f.Rules.CheckVisit(speaker, Tuesday, new TimeOnly(10, 0), VisitFormat.InPerson, null, [])?.Code);
    }

    [Fact]
    public void FreeSlots_skips_weekends_lead_time_and_taken_hours()
    {
        var speaker = _f.AddSpeaker("s1");
        var monday = new DateOnly(2026, 3, 9);
        var booked = new[] { Booked("HD-2026-0001", speaker.Id, monday, 9) };
        var slots = _f.Rules.FreeSlots(speaker, VisitFormat.InPerson, null, (_, _) => booked, 4);
        Assert.Equal(
            [new BookingSlot(monday, new TimeOnly(11, 0)), new BookingSlot(monday, new TimeOnly(14, 0)), new BookingSlot(monday, new TimeOnly(15, 0)), new BookingSlot(monday, new TimeOnly(16, 0))],
            slots);
        Assert.All(slots, s => Assert.Null(_f.Rules.CheckVisit(speaker, s.Date, s.Start, VisitFormat.InPerson, null, booked)));
    }

    [Fact]
    public void FreeSlots_of_a_speaker_at_her_cap_start_next_month()
    {
        var speaker = _f.AddSpeaker("s1", cap: 1);
        var booked = new[] { Booked("HD-2026-0001", speaker.Id, new DateOnly(2026, 3, 20), 9) };
        var slots = _f.Rules.FreeSlots(speaker, VisitFormat.InPerson, null, (from, _) => from.Month == 3 ? booked : [], 1);
        Assert.Equal(new BookingSlot(new DateOnly(2026, 4, 1), new TimeOnly(9, 0)), Assert.Single(slots));
    }

    private static Booking Booked(string reference, string speakerId, DateOnly date, int hour, VisitFormat format = VisitFormat.InPerson) => new()
    {
        Reference = reference,
        Kind = BookingKind.ClassroomVisit,
        Requester = BookingFixture.Teacher(),
        Date = date,
        Start = new TimeOnly(hour, 0),
        Format = format,
        Seats = [new BookingSeat(1, speakerId, SeatRole.Seat, SeatStatus.Invited)],
    };
}
