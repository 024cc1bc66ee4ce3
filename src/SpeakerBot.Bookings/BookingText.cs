using System.Globalization;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>Dates and small phrases in the user's language.</summary>
public static class BookingText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Pick(string? language, string french, string english) => Languages.IsEnglish(language) ? english : french;

    public static CultureInfo Culture(string? language) => Languages.IsEnglish(language) ? English : French;

    /// <summary>"jeudi 12 mars 2026" / "Thursday 12 March 2026".</summary>
    public static string Date(string? language, DateOnly date) =>
        date.ToString(Languages.IsEnglish(language) ? "dddd d MMMM yyyy" : "dddd d MMMM yyyy", Culture(language));

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string DateTime(string? language, DateOnly date, TimeOnly start) =>
        Languages.IsEnglish(language) ? $"{Date(language, date)} at {Time(start)}" : $"{Date(language, date)} à {Time(start)}";

    public static string DayName(string? language, DayOfWeek day) => Culture(language).DateTimeFormat.GetDayName(day);

    public static string Month(string? language, DateOnly date) => date.ToString("MMMM yyyy", Culture(language));
}
