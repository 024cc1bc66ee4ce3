using System.Globalization;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Bookings.Dialogs;

/// <summary>
/// The teacher's date wish as a filter on the free slots (docs/decisions/102-date-wishes.md): a date span (facts
/// dateFrom/dateTo), weekdays ("le mardi") and a part of the day ("le matin" before 12:00, "l'après-midi" from 12:00,
/// "en fin de journée" from 16:00).
/// </summary>
internal sealed record SlotWish(DateOnly? From, DateOnly? To, IReadOnlySet<int> Weekdays, string? PartOfDay)
{
    /// <summary>Fact the slot question shows before itself: what the wish gave, or that nothing fits it.</summary>
    public const string Note = "slotNote";

    private static readonly TimeOnly Noon = new(12, 0);
    private static readonly TimeOnly LateStart = new(16, 0);

    public bool IsEmpty => From is null && To is null && Weekdays.Count == 0 && PartOfDay is null;

    public bool HasFilter => Weekdays.Count > 0 || PartOfDay is not null || To is not null;

    public static SlotWish Of(IDictionary<string, string> facts)
    {
        var from = Date(facts, FactNames.DateFrom);
        var to = Date(facts, FactNames.DateTo);
        var days = new HashSet<int>();
        foreach (var part in (BookingSlots.Fact(facts, FactNames.Weekdays) ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 7)
            {
                days.Add(d);
            }
        }

        // A single day typed by the teacher is what she wants now, whatever weekday she preferred before.
        if (from is not null && from == to)
        {
            days.Clear();
        }

        return new SlotWish(from, to, days, BookingSlots.Fact(facts, FactNames.PartOfDay));
    }

    public bool Accepts(BookingSlot slot) =>
        (From is null || slot.Date >= From) && (To is null || slot.Date <= To) && WeekdayFits(slot) && MinutesOutside(slot) == 0;

    /// <summary>Slots outside the wish, nearest first: fewest days outside the span, the right weekday, closest hour.</summary>
    public IEnumerable<BookingSlot> Nearest(IEnumerable<BookingSlot> slots, int count) =>
        slots.OrderBy(DaysOutside).ThenBy(s => WeekdayFits(s) ? 0 : 1).ThenBy(MinutesOutside).ThenBy(s => s.Date).ThenBy(s => s.Start)
            .Take(count).OrderBy(s => s.Date).ThenBy(s => s.Start);

    /// <summary>"le mardi, le matin, entre le … et le …" in the conversation's language, from dialogs/locales.</summary>
    public string Describe(FlowContext context)
    {
        var parts = new List<string>();
        parts.AddRange(Weekdays.Order().Select(d => context.Say("wish.weekday." + d.ToString(CultureInfo.InvariantCulture), null)));
        if (PartOfDay is not null)
        {
            parts.Add(context.Say("wish.part." + PartOfDay, null));
        }

        if (From is { Day: 1 } first && To is { } end && end == first.AddMonths(1).AddDays(-1))
        {
            parts.Add(context.Say("wish.month", BookingSlots.Args("month", first.ToString("MMMM yyyy", CultureOf(context)))));
        }
        else if (From is { } f && To is { } t)
        {
            parts.Add(f == t
                ? context.Say("wish.on", BookingSlots.Args("date", Day(context, f)))
                : context.Say("wish.between", new Dictionary<string, string>(StringComparer.Ordinal) { ["from"] = Day(context, f), ["to"] = Day(context, t) }));
        }
        else if (From is { } onlyFrom)
        {
            parts.Add(context.Say("wish.from", BookingSlots.Args("date", Day(context, onlyFrom))));
        }
        else if (To is { } onlyTo)
        {
            parts.Add(context.Say("wish.to", BookingSlots.Args("date", Day(context, onlyTo))));
        }

        return string.Join(", ", parts);
    }

    private static CultureInfo CultureOf(FlowContext context) => CultureInfo.GetCultureInfo(context.Locale == "en" ? "en-GB" : "fr-FR");

    /// <summary>"22 février 2027": the span of a wish, without the weekday the slots themselves show.</summary>
    private static string Day(FlowContext context, DateOnly date) => date.ToString("d MMMM yyyy", CultureOf(context));

    private bool WeekdayFits(BookingSlot slot) => Weekdays.Count == 0 || Weekdays.Contains(slot.Date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)slot.Date.DayOfWeek);

    private int DaysOutside(BookingSlot slot) =>
        From is { } f && slot.Date < f ? f.DayNumber - slot.Date.DayNumber
        : To is { } t && slot.Date > t ? slot.Date.DayNumber - t.DayNumber
        : 0;

    private int MinutesOutside(BookingSlot slot)
    {
        var end = slot.Start.AddMinutes(BookingRules.VisitMinutes);
        return PartOfDay switch
        {
            // A morning visit ends by noon; an afternoon one starts at noon or later; "fin de journée" from 16:00.
            "morning" => end <= Noon ? 0 : (int)(end - Noon).TotalMinutes,
            "afternoon" => slot.Start >= Noon ? 0 : (int)(Noon - slot.Start).TotalMinutes,
            "late" => slot.Start >= LateStart ? 0 : (int)(LateStart - slot.Start).TotalMinutes,
            _ => 0,
        };
    }

    private static DateOnly? Date(IDictionary<string, string> facts, string key) =>
        BookingSlots.Fact(facts, key) is { } value && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
