using System.Globalization;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Dialogs;

/// <summary>
/// Names of the facts a conversation accumulates. The parse-contract fields keep their contract names so a flow file
/// can say "fact": "pupils"; the others are shared between flows (the speaker chosen on a card, free text).
/// </summary>
public static class FactNames
{
    public const string Sectors = "sectors";
    public const string Topics = "topics";
    public const string Region = "region";
    public const string Department = "department";
    public const string City = "city";
    public const string Lat = "lat";
    public const string Lon = "lon";
    public const string Audience = "audience";
    public const string ClassLevel = "classLevel";
    public const string Format = "format";
    public const string DateFrom = "dateFrom";
    public const string DateTo = "dateTo";
    public const string Time = "time";
    public const string Weekdays = "weekdays";
    public const string PartOfDay = "partOfDay";
    public const string Pupils = "pupils";
    public const string Speakers = "speakers";
    public const string BookingRef = "bookingRef";
    public const string Email = "email";
    public const string Uai = "uai";

    /// <summary>Free text of a request nothing else was understood from.</summary>
    public const string What = "what";

    /// <summary>The speaker picked with a card's Réserver button.</summary>
    public const string SpeakerId = "speakerId";

    public const string SpeakerName = "speakerName";

    /// <summary>Separator of list facts (sectors, topics).</summary>
    public const char ListSeparator = '|';

    public static readonly IReadOnlyList<string> PlaceGroup = [Region, Department, City, Lat, Lon];

    public static readonly IReadOnlyList<string> WhatGroup = [Sectors, Topics, What];

    /// <summary>Facts that change which speakers a search returns.</summary>
    public static readonly IReadOnlyList<string> SearchFacts = [Sectors, Topics, Region, Department, City, Audience, ClassLevel, Format, DateFrom, DateTo];

    /// <summary>The non-empty fields of one parse, as facts.</summary>
    public static Dictionary<string, string> From(Understood understood)
    {
        ArgumentNullException.ThrowIfNull(understood);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (understood.Sectors.Count > 0)
        {
            facts[Sectors] = string.Join(ListSeparator, understood.Sectors);
        }

        if (understood.Topics.Count > 0)
        {
            facts[Topics] = string.Join(ListSeparator, understood.Topics);
        }

        Put(facts, Region, understood.Region);
        Put(facts, Department, understood.Department);
        Put(facts, City, understood.City);
        if (understood.Location is { } location)
        {
            facts[Lat] = location.Lat.ToString("R", CultureInfo.InvariantCulture);
            facts[Lon] = location.Lon.ToString("R", CultureInfo.InvariantCulture);
        }

        Put(facts, Audience, understood.Audience);
        Put(facts, ClassLevel, understood.ClassLevel);
        Put(facts, Format, understood.Format);
        Put(facts, DateFrom, understood.DateFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put(facts, DateTo, understood.DateTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put(facts, Time, understood.Time?.ToString("HH:mm", CultureInfo.InvariantCulture));
        Put(facts, Weekdays, understood.Weekdays);
        Put(facts, PartOfDay, understood.PartOfDay);
        Put(facts, Pupils, understood.Pupils?.ToString(CultureInfo.InvariantCulture));
        Put(facts, Speakers, understood.Speakers?.ToString(CultureInfo.InvariantCulture));
        Put(facts, BookingRef, understood.BookingRef);
        Put(facts, Email, understood.Email);
        Put(facts, Uai, understood.Uai);
        return facts;
    }

    /// <summary>
    /// Applies newly understood facts over known ones: a new place replaces the whole old place, a new sector or topic
    /// replaces the old "what", everything else field by field; the rest of the request is kept.
    /// </summary>
    public static void Merge(IDictionary<string, string> known, IReadOnlyDictionary<string, string> fresh)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(fresh);
        if (PlaceGroup.Any(fresh.ContainsKey))
        {
            foreach (var key in PlaceGroup)
            {
                known.Remove(key);
            }
        }

        if (fresh.ContainsKey(Sectors) || fresh.ContainsKey(Topics))
        {
            foreach (var key in WhatGroup)
            {
                known.Remove(key);
            }
        }

        if (fresh.ContainsKey(DateFrom) && !fresh.ContainsKey(DateTo))
        {
            known.Remove(DateTo);
        }

        foreach (var (key, value) in fresh)
        {
            known[key] = value;
        }
    }

    public static IReadOnlyList<string> List(IReadOnlyDictionary<string, string> facts, string key) =>
        facts.TryGetValue(key, out var value) && value.Length > 0 ? value.Split(ListSeparator) : [];

    public static DateOnly? Date(IReadOnlyDictionary<string, string> facts, string key) =>
        facts.TryGetValue(key, out var value) && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static double? Number(IReadOnlyDictionary<string, string> facts, string key) =>
        facts.TryGetValue(key, out var value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static void Put(Dictionary<string, string> facts, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts[key] = value;
        }
    }
}
