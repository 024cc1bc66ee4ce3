using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class IcsCalendarTests : IDisposable
{
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Calendar_of_an_accepted_visit_parses_back_with_every_required_field()
    {
        var speaker = _f.AddSpeaker("s1", "Amélie", "Nguyễn-Lefèvre");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 10), new TimeOnly(10, 0)))).Booking!;
        var ics = _f.Mails.Calendar(booking, [speaker], "fr");
        var properties = IcsReader.Read(ics);
        string Value(string name, string component = "VEVENT") => properties.Single(p => p.Component == component && p.Name == name).Value;

        Assert.Equal("REQUEST", Value("METHOD", "VCALENDAR"));
        Assert.Equal("2.0", Value("VERSION", "VCALENDAR"));
        Assert.Equal("HD-2026-0001@speakerbot", Value("UID"));
        // 10:00 in Paris in March (CET, UTC+1) is 09:00 UTC; the visit lasts one hour.
        Assert.Equal("20260310T090000Z", Value("DTSTART"));
        Assert.Equal("20260310T100000Z", Value("DTEND"));
        Assert.Equal("Heure découverte – Amélie Nguyễn-Lefèvre – Collège Jean Jaurès", Value("SUMMARY"));
        Assert.Equal("Collège Jean Jaurès, Toulouse", Value("LOCATION"));
        var organizer = properties.Single(p => p.Name == "ORGANIZER");
        Assert.Equal(("Sophie Durand", "mailto:sophie.durand@ac-toulouse.fr"), (organizer.Parameters["CN"], organizer.Value));
        var attendee = properties.Single(p => p.Name == "ATTENDEE");
        Assert.Equal(("Amélie Nguyễn-Lefèvre", "mailto:s1@speakers.example"), (attendee.Parameters["CN"], attendee.Value));
        Assert.Equal("-PT60M", Value("TRIGGER", "VALARM"));
        Assert.Equal("DISPLAY", Value("ACTION", "VALARM"));
        Assert.Contains("28 élèves", Value("DESCRIPTION"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_of_an_online_visit_carries_the_meeting_link_as_location()
    {
        var speaker = _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 10), new TimeOnly(10, 0), format: VisitFormat.Online))).Booking!;
        var properties = IcsReader.Read(_f.Mails.Calendar(booking, [speaker], "en"));
        Assert.Equal("https://visio.example/room", properties.Single(p => p.Name == "LOCATION").Value);
        Assert.StartsWith("Classroom visit", properties.Single(p => p.Name == "SUMMARY").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_escapes_separators_and_folds_long_lines()
    {
        var text = IcsCalendar.Build(new CalendarEvent(
            "x@y", "Table ronde; industrie, verte \\ " + new string('é', 80), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1),
            null, "ligne 1\nligne 2", new CalendarPerson("A \"B\"", "a@b.fr"), [], 0, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(30)));
        var properties = IcsReader.Read(text);
        Assert.Equal("Table ronde; industrie, verte \\ " + new string('é', 80), properties.Single(p => p.Name == "SUMMARY").Value);
        Assert.Equal("ligne 1\nligne 2", properties.Single(p => p.Name == "DESCRIPTION" && p.Component == "VEVENT").Value);
    }
}
