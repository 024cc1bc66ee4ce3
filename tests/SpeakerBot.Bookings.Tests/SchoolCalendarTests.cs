using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bookings.Tests;

/// <summary>
/// Classroom visits only on school days: public holidays (Alsace-Moselle's included), the school holidays of the
/// school's zone from index/calendar, and the free-slot buttons skipping both. The clock is Sunday 22 November 2026.
/// </summary>
public sealed class SchoolCalendarTests : IDisposable
{
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly Lazy<SchoolCalendar> WithGazetteer = new(() => SchoolCalendar.Load(RepoData.IndexDirectory, () => Gazetteer.Load()));
    private readonly BookingFixture _f = new();

    public SchoolCalendarTests() => _f.Clock.Advance(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero) - BookingFixture.Start);

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2028, 4, 16)]
    public void EasterSunday_matches_the_calendar(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), SchoolCalendar.EasterSunday(year));

    [Fact]
    public void CheckVisit_on_new_years_day_is_refused_as_a_public_holiday_with_open_days_around_it()
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, new DateOnly(2027, 1, 1), Nine, VisitFormat.InPerson, null, []);
        Assert.Equal("closed", refusal?.Code);
        Assert.Contains("vendredi 1 janvier 2027 est un jour férié", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("public holiday", refusal.English, StringComparison.Ordinal);
        // Christmas holidays until Monday 4 January (every zone): the nearest school days are 18 December and 4 January.
        Assert.Contains("vendredi 18 décembre 2026 ou le lundi 4 janvier 2027", refusal.French, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2027, 3, 29)] // Easter Monday
    [InlineData(2027, 5, 6)] // Ascension
    [InlineData(2027, 5, 17)] // Whit Monday
    [InlineData(2027, 11, 11)] // Armistice, in a school year whose holidays are not in the data
    public void CheckVisit_on_a_movable_or_fixed_public_holiday_is_refused_everywhere(int year, int month, int day)
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, new DateOnly(year, month, day), Nine, VisitFormat.InPerson, null, [], department: "35");
        Assert.Equal("closed", refusal?.Code);
        Assert.Contains("jour férié", refusal!.French, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisit_on_christmas_eve_is_refused_as_christmas_holidays_before_the_school_is_known()
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, new DateOnly(2026, 12, 24), Nine, VisitFormat.InPerson, null, []);
        Assert.Equal("closed", refusal?.Code);
        Assert.Contains("vacances de Noël (toutes zones)", refusal!.French, StringComparison.Ordinal);
        Assert.Contains("reprise le lundi 4 janvier 2027", refusal.French, StringComparison.Ordinal);
        Assert.Contains("Christmas holidays", refusal.English, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckVisit_on_the_friday_after_ascension_is_refused_as_the_bridge()
    {
        var speaker = _f.AddSpeaker("s1");
        Assert.Contains("pont de l'Ascension", _f.Rules.CheckVisit(speaker, new DateOnly(2027, 5, 7), Nine, VisitFormat.InPerson, null, [])?.French, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_friday_is_a_holiday_only_in_alsace_moselle()
    {
        var speaker = _f.AddSpeaker("s1");
        var goodFriday = new DateOnly(2027, 3, 26);
        foreach (var department in new[] { "57", "67", "68" })
        {
            var refusal = _f.Rules.CheckVisit(speaker, goodFriday, Nine, VisitFormat.InPerson, null, [], department: department);
            Assert.Contains("Vendredi saint (Alsace-Moselle)", refusal?.French, StringComparison.Ordinal);
        }

        Assert.Null(_f.Rules.CheckVisit(speaker, goodFriday, Nine, VisitFormat.InPerson, null, [], department: "31"));
        Assert.Null(_f.Rules.CheckVisit(speaker, goodFriday, Nine, VisitFormat.InPerson, null, []));
        Assert.NotNull(SchoolCalendar.PublicHoliday(new DateOnly(2028, 12, 26), "57"));
        Assert.Null(SchoolCalendar.PublicHoliday(new DateOnly(2028, 12, 26), "31"));
    }

    [Fact]
    public void Winter_holidays_follow_the_schools_zone()
    {
        var speaker = _f.AddSpeaker("s1");
        var thursday = new DateOnly(2027, 2, 18);
        var lyon = _f.Rules.CheckVisit(speaker, thursday, Nine, VisitFormat.InPerson, null, [], department: "69");
        Assert.Contains("vacances d'hiver (zone A)", lyon?.French, StringComparison.Ordinal);
        Assert.Contains("lundi 1 mars 2027", lyon!.French, StringComparison.Ordinal);
        Assert.Contains("vacances d'hiver (zone C)", _f.Rules.CheckVisit(speaker, thursday, Nine, VisitFormat.InPerson, null, [], department: "31")?.French, StringComparison.Ordinal);
        Assert.Null(_f.Rules.CheckVisit(speaker, thursday, Nine, VisitFormat.InPerson, null, [], department: "35"));
        // Before the school is known, only the holidays every zone shares close a day.
        Assert.Null(_f.Rules.CheckVisit(speaker, thursday, Nine, VisitFormat.InPerson, null, []));
    }

    [Fact]
    public void Every_department_of_the_gazetteer_has_an_academy_and_a_zone()
    {
        var calendar = WithGazetteer.Value;
        Assert.Equal("A", calendar.ZoneOf("69"));
        Assert.Equal("B", calendar.ZoneOf("76"));
        Assert.Equal("Normandie", calendar.AcademyOf("14"));
        Assert.Equal("C", calendar.ZoneOf("93"));
        Assert.Equal("Corse", calendar.ZoneOf("2A"));
        Assert.Equal("La Réunion", calendar.ZoneOf("974"));
        var departments = File.ReadLines(Path.Combine(RepoData.IndexDirectory, "geo", Gazetteer.GazetteerFile))
            .Where(l => l.StartsWith("D\t", StringComparison.Ordinal)).Select(l => l.Split('\t')[1]).ToList();
        Assert.Equal(101, departments.Count);
        Assert.All(departments, d => Assert.NotNull(calendar.ZoneOf(d)));
    }

    [Theory]
    [InlineData("0310001A", null, "31")]
    [InlineData("6200002B", null, "2A")]
    [InlineData("9740003C", null, "974")]
    [InlineData(null, "Strasbourg", "67")]
    [InlineData(null, "Saint-Étienne", "42")]
    [InlineData(null, null, null)]
    public void DepartmentOf_a_school_comes_from_its_uai_or_its_city(string? uai, string? city, string? expected) =>
        Assert.Equal(expected, WithGazetteer.Value.DepartmentOf(new School("Collège", city, uai)));

    [Fact]
    public void FreeSlots_skip_christmas_holidays_and_new_years_day()
    {
        var speaker = _f.AddSpeaker("s1", availability: new Availability([new WeeklySlot(DayOfWeek.Thursday, Nine, new TimeOnly(10, 0)), new WeeklySlot(DayOfWeek.Friday, Nine, new TimeOnly(10, 0))], []));
        var slots = _f.Rules.FreeSlots(speaker, VisitFormat.InPerson, null, (_, _) => [], 3, new DateOnly(2026, 12, 17));
        Assert.Equal([new DateOnly(2026, 12, 17), new DateOnly(2026, 12, 18), new DateOnly(2027, 1, 7)], slots.Select(s => s.Date));
    }

    [Fact]
    public void FreeSlots_skip_the_winter_holidays_of_the_schools_zone_only()
    {
        var speaker = _f.AddSpeaker("s1", availability: new Availability([new WeeklySlot(DayOfWeek.Monday, Nine, new TimeOnly(10, 0))], []));
        var from = new DateOnly(2027, 2, 8);
        Assert.Equal(new DateOnly(2027, 2, 22), _f.Rules.FreeSlots(speaker, VisitFormat.InPerson, null, (_, _) => [], 1, from, department: "31").Single().Date);
        Assert.Equal(new DateOnly(2027, 3, 8), _f.Rules.FreeSlots(speaker, VisitFormat.InPerson, null, (_, _) => [], 1, new DateOnly(2027, 2, 22), department: "35").Single().Date);
        Assert.Equal(from, _f.Rules.FreeSlots(speaker, VisitFormat.InPerson, null, (_, _) => [], 1, from).Single().Date);
    }

    [Fact]
    public void CheckVisit_on_a_weekend_suggests_the_next_school_day_not_a_holiday()
    {
        var speaker = _f.AddSpeaker("s1");
        var refusal = _f.Rules.CheckVisit(speaker, new DateOnly(2026, 12, 19), Nine, VisitFormat.InPerson, null, []);
        Assert.Equal("weekend", refusal?.Code);
        Assert.Contains("lundi 4 janvier 2027", refusal!.French, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestVisitAsync_in_the_winter_holidays_of_the_schools_zone_is_refused_with_slots_after_them()
    {
        _f.AddSpeaker("s1");
        var thursday = new DateOnly(2027, 2, 18);
        var toulouse = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", thursday, Nine));
        Assert.Equal("closed", toulouse.Refusal?.Code);
        Assert.Contains("zone C", toulouse.Refusal!.French, StringComparison.Ordinal);
        Assert.NotEmpty(toulouse.Alternatives);
        Assert.All(toulouse.Alternatives, a => Assert.True(a.Date >= new DateOnly(2027, 2, 22), a.Label("fr")));

        var rennes = BookingFixture.Visit("s1", thursday, Nine) with { School = new School("Collège Anne de Bretagne", "Rennes", "0350001A") };
        Assert.True((await _f.Service.RequestVisitAsync(rennes)).Succeeded);
    }

    [Fact]
    public async Task MoveAsync_a_visit_into_the_christmas_holidays_is_refused_but_a_panel_may_move_there()
    {
        _f.AddSpeaker("s1");
        _f.AddSpeaker("s2");
        var visit = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 12, 15), Nine))).Booking!;
        var moved = await _f.Service.MoveAsync(visit.Reference, new BookingAccess(visit.Requester.UserKey), new DateOnly(2026, 12, 31), null);
        Assert.Equal("closed", moved.Refusal?.Code);
        Assert.Equal(new DateOnly(2026, 12, 15), (await _f.Store.GetAsync(visit.Reference))!.Date);

        var panel = (await _f.Service.RequestPanelAsync(new PanelRequest
        {
            Title = "Les métiers du spatial",
            Date = new DateOnly(2026, 12, 29),
            Start = new TimeOnly(14, 0),
            Location = "Cité de l'espace, Toulouse",
            AudienceSize = 80,
            Organisation = "Aérospace Valley",
            Requester = BookingFixture.Teacher("Marc Orga", "orga@industrie.example", "orga"),
            SpeakerIds = ["s2"],
        })).Booking;
        Assert.NotNull(panel);
        Assert.True((await _f.Service.MoveAsync(panel!.Reference, new BookingAccess("orga"), new DateOnly(2026, 12, 30), null)).Succeeded);
    }
}
