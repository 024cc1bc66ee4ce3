using System.Globalization;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation.Tests.Understanding;

/// <summary>Date wishes that are not one date: weekdays, parts of the day, school periods of the place's zone.</summary>
public sealed class DateWishTests
{
    private static readonly Lazy<IUnderstanding> Understanding = new(() =>
    {
        var gazetteer = Gazetteer.Load();
        return new RuleBasedUnderstanding(UnderstandingServiceCollectionExtensions.DefaultDataDirectory, gazetteer, new SchoolTerms(SchoolCalendar.Load(RepoData.IndexDirectory, () => gazetteer)));
    });

    private static Understood Parse(string text, string locale = "fr") => Understanding.Value.Parse(text, locale, UnderstandingFixture.Reference);

    [Theory]
    [InlineData("une ingénieure à Rennes, plutôt le mardi matin", "fr", "2", "morning")]
    [InlineData("le jeudi après-midi si possible", "fr", "4", "afternoon")]
    [InlineData("en fin de journée si possible", "fr", null, "late")]
    [InlineData("les mardis et jeudis", "fr", "2|4", null)]
    [InlineData("an engineer on Tuesday mornings", "en", "2", "morning")]
    [InlineData("mardi 9 février à 10h", "fr", null, null)]
    public void Weekday_and_part_of_day_wishes_are_read(string text, string locale, string? weekdays, string? part)
    {
        var u = Parse(text, locale);

        Assert.Equal(weekdays, u.Weekdays);
        Assert.Equal(part, u.PartOfDay);
    }

    // Reference: 22 November 2026. Toulouse zone C, Lyon and Bordeaux zone A, Rennes zone B (index/calendar).
    [Theory]
    [InlineData("une ingénieure à Toulouse après les vacances de février", "fr", "2027-02-22", null)]
    [InlineData("an engineer in Lyon after the February holidays", "en", "2027-03-01", null)]
    [InlineData("à Rennes après les vacances d'hiver", "fr", "2027-03-08", null)]
    [InlineData("à Rennes après les vacances de Noël", "fr", "2027-01-04", null)]
    [InlineData("à Bordeaux après les vacances de printemps", "fr", "2027-04-26", null)]
    [InlineData("à Toulouse avant la fin du trimestre", "fr", null, "2026-12-18")]
    [InlineData("à Lyon avant les vacances de printemps", "fr", null, "2027-04-09")]
    public void School_periods_become_dates_in_the_zone_of_the_place(string text, string locale, string? from, string? to)
    {
        var u = Parse(text, locale);

        Assert.Equal(from is null ? null : DateOnly.Parse(from, CultureInfo.InvariantCulture), u.DateFrom);
        Assert.Equal(to is null ? null : DateOnly.Parse(to, CultureInfo.InvariantCulture), u.DateTo);
    }
}
