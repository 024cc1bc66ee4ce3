using SpeakerBot.Search;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>Intent names of the parse contract.</summary>
public static class Intents
{
    public const string FindSpeaker = "find_speaker";
    public const string BookVisit = "book_visit";
    public const string BookPanel = "book_panel";
    public const string BookingStatus = "booking_status";
    public const string CancelBooking = "cancel_booking";
    public const string Help = "help";
    public const string Greeting = "greeting";
    public const string Other = "other";
}

/// <summary>
/// What one message says, in the fields of the `parse` contract (slugs from the taxonomy). Unknown values are null or empty.
/// </summary>
public sealed record Understood
{
    public string Intent { get; init; } = Intents.Other;

    public IReadOnlyList<string> Sectors { get; init; } = [];

    /// <summary>Topic labels as kept in index/ vocabularies (e.g. "intelligence artificielle").</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    public string? Region { get; init; }

    public string? Department { get; init; }

    public string? City { get; init; }

    /// <summary>Coordinates of the place named (city, department or region centre), for distance ranking.</summary>
    public GeoPoint? Location { get; init; }

    public string? Audience { get; init; }

    /// <summary>Class level as written in French school terms, normalised ("4e", "seconde", "CM2", "BTS", "terminale").</summary>
    public string? ClassLevel { get; init; }

    public string? Format { get; init; }

    public DateOnly? DateFrom { get; init; }

    public DateOnly? DateTo { get; init; }

    public TimeOnly? Time { get; init; }

    /// <summary>Weekdays of a habit ("plutôt le mardi"), ISO numbers (1 = Monday) joined by '|'; not a date.</summary>
    public string? Weekdays { get; init; }

    /// <summary>"morning" (before 12:00), "afternoon" (from 12:00) or "late" (from 16:00).</summary>
    public string? PartOfDay { get; init; }

    public int? Pupils { get; init; }

    public int? Speakers { get; init; }

    public string? BookingRef { get; init; }

    public string? Email { get; init; }

    /// <summary>UAI school code (7 digits + 1 letter).</summary>
    public string? Uai { get; init; }
}

/// <summary>Turns one message into <see cref="Understood"/>. Rule-based by default; a language model may back it later.</summary>
public interface IUnderstanding
{
    /// <param name="text">The user's message.</param>
    /// <param name="locale">"fr" or "en" (or a BCP-47 tag starting with them).</param>
    /// <param name="reference">The user's local "now": relative dates resolve against it.</param>
    Understood Parse(string text, string locale, DateTimeOffset reference);
}
