using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Bookings;

/// <summary>
/// The school calendar for the understanding and the search: "après les vacances de février" in the zone of the place,
/// "avant la fin du trimestre", and spans with no class at all (docs/decisions/102-date-wishes.md).
/// </summary>
public sealed class SchoolTerms(SchoolCalendar calendar) : ISchoolTerms
{
    private static readonly string[] MetropolitanZones = ["A", "B", "C"];

    public (DateOnly LastSchoolDay, DateOnly ClassesResume)? Next(string period, string? department, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(period);
        var zone = calendar.ZoneOf(department);
        var zones = zone is not null && calendar.Periods.Any(p => p.Zone == zone) ? [zone] : MetropolitanZones;
        var group = calendar.Periods
            .Where(p => zones.Contains(p.Zone) && p.ClassesResume > today && Is(p, period))
            .GroupBy(p => p.English)
            .OrderBy(g => g.Min(p => p.ClassesEnd))
            .FirstOrDefault();
        if (group is null)
        {
            return null;
        }

        // Classes end after class on that day; a Saturday end leaves the Friday as the last day a visit can take place.
        var last = group.Min(p => p.ClassesEnd);
        while (last.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            last = last.AddDays(-1);
        }

        return (last, group.Max(p => p.ClassesResume));
    }

    public (string French, string English, DateOnly ClassesResume)? Covering(DateOnly from, DateOnly to, string? department)
    {
        if (to < from || to.DayNumber - from.DayNumber > 31)
        {
            return null;
        }

        SchoolClosure? holidays = null;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var closure = calendar.Closure(day, department);
            if (closure is null)
            {
                return null;
            }

            holidays ??= closure.IsPublicHoliday ? null : closure;
        }

        return holidays is null ? null : (holidays.French, holidays.English, calendar.NextSchoolDay(to.AddDays(1), department));
    }

    private static bool Is(SchoolHolidayPeriod p, string period) => period switch
    {
        "term" => Has(p, "christmas") || Has(p, "spring") || Has(p, "summer"),
        "any" => !Has(p, "ascension"),
        _ => Has(p, period),
    };

    private static bool Has(SchoolHolidayPeriod p, string word) => p.English.Contains(word, StringComparison.OrdinalIgnoreCase);
}
