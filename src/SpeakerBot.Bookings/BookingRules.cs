using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>
/// What may be booked, with a sentence per refusal saying why and what would work. Pure: callers hand in the
/// speaker's committed bookings (the store does so inside its write transaction). A classroom visit also needs a
/// school day: <paramref name="calendar"/> (default: the repository's index/calendar) knows the public and school holidays.
/// </summary>
public sealed class BookingRules(IOptions<BookingOptions> options, TimeProvider time, SchoolCalendar? calendar = null)
{
    public static readonly TimeOnly DayStart = new(8, 0);
    public static readonly TimeOnly DayEnd = new(18, 0);
    public const int VisitMinutes = 60;

    private readonly BookingOptions _options = options.Value;

    public BookingOptions Options => _options;

    public SchoolCalendar Calendar { get; } = calendar ?? SchoolCalendar.Default;

    /// <summary>The first date a request made now may target.</summary>
    public DateOnly EarliestDate => FrenchTime.Today(time).AddDays(_options.MinLeadDays);

    /// <summary>
    /// Lead time, school day, school hours and duration of a classroom visit. <paramref name="department"/> is the
    /// school's (null while the school is not known: then only the days closed in every zone are refused).
    /// </summary>
    public BookingRefusal? CheckVisitTiming(DateOnly date, TimeOnly start, int durationMinutes = VisitMinutes, string? department = null)
    {
        var lead = CheckLeadTime(date);
        if (lead is not null)
        {
            return lead;
        }

        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            var monday = Calendar.NextSchoolDay(date, department);
            return new BookingRefusal(
                "weekend",
                $"Les heures découvertes ont lieu en semaine, et le {BookingText.Date("fr", date)} tombe un week-end ; le {BookingText.Date("fr", monday)} conviendrait-il ?",
                $"Classroom visits take place on weekdays, and {BookingText.Date("en", date)} is a weekend; would {BookingText.Date("en", monday)} work?");
        }

        if (CheckSchoolDay(date, department) is { } closed)
        {
            return closed;
        }

        if (durationMinutes != VisitMinutes)
        {
            return new BookingRefusal(
                "duration",
                "Une heure découverte dure une heure ; choisissez une heure de début et je compte une heure.",
                "A classroom visit lasts one hour; choose a start time and I will book one hour.");
        }

        var end = start.AddMinutes(durationMinutes, out var wrapped);
        if (start < DayStart || wrapped != 0 || end > DayEnd)
        {
            return new BookingRefusal(
                "outside-hours",
                $"Une heure découverte se tient entre 8:00 et 18:00, donc commence au plus tard à 17:00 ; {BookingText.Time(start)} n'est pas possible.",
                $"A classroom visit takes place between 8:00 and 18:00, so it starts at 17:00 at the latest; {BookingText.Time(start)} is not possible.");
        }

        return null;
    }

    /// <summary>A public holiday or school holidays of the school's zone, with the nearest school days around it.</summary>
    public BookingRefusal? CheckSchoolDay(DateOnly date, string? department)
    {
        if (Calendar.Closure(date, department) is not { } closure)
        {
            return null;
        }

        var earliest = EarliestDate;
        var before = Calendar.NextSchoolDay(date.AddDays(-1), department, -1);
        var after = Calendar.NextSchoolDay(date.AddDays(1), department);
        var fr = before >= earliest ? $"le {BookingText.Date("fr", before)} ou le {BookingText.Date("fr", after)}" : $"le {BookingText.Date("fr", after)}";
        var en = before >= earliest ? $"{BookingText.Date("en", before)} or {BookingText.Date("en", after)}" : BookingText.Date("en", after);
        if (closure.IsPublicHoliday)
        {
            return new BookingRefusal(
                "closed",
                $"Le {BookingText.Date("fr", date)} est un jour férié ({closure.French}) : les écoles sont fermées ; {fr} conviendrait-il ?",
                $"{BookingText.Date("en", date)} is a public holiday ({closure.English}): schools are closed; would {en} work?");
        }

        var zoneFr = closure.Zone switch
        {
            null => "toutes zones",
            "A" or "B" or "C" => "zone " + closure.Zone,
            _ => "académie de " + closure.Zone,
        };
        var zoneEn = closure.Zone switch
        {
            null => "every zone",
            "A" or "B" or "C" => "zone " + closure.Zone,
            _ => closure.Zone,
        };
        // "pendant les vacances de Noël", "pendant le pont de l'Ascension".
        var periodFr = (closure.French.StartsWith("vacances", StringComparison.Ordinal) ? "les " : "le ") + closure.French;
        return new BookingRefusal(
            "closed",
            $"Le {BookingText.Date("fr", date)} tombe pendant {periodFr} ({zoneFr}) : pas de classe du {BookingText.Date("fr", closure.ClassesEnd!.Value)} après les cours jusqu'à la reprise le {BookingText.Date("fr", closure.ClassesResume!.Value)} ; {fr} conviendrait-il ?",
            $"{BookingText.Date("en", date)} falls in the {closure.English} ({zoneEn}): no class from {BookingText.Date("en", closure.ClassesEnd!.Value)} after school until classes resume on {BookingText.Date("en", closure.ClassesResume!.Value)}; would {en} work?");
    }

    public BookingRefusal? CheckLeadTime(DateOnly date)
    {
        var earliest = EarliestDate;
        if (date >= earliest)
        {
            return null;
        }

        return new BookingRefusal(
            "too-soon",
            $"Une demande se fait au moins {_options.MinLeadDays} jours à l'avance, pour laisser à l'intervenante le temps de s'organiser ; la première date possible est le {BookingText.Date("fr", earliest)}.",
            $"Requests are made at least {_options.MinLeadDays} days ahead so the speaker can arrange her day; the earliest possible date is {BookingText.Date("en", earliest)}.");
    }

    /// <summary>
    /// The speaker's side: approved, available at that time, no duplicate request from the same requester that
    /// day, no overlap (with a travel buffer when in person), within her monthly cap. <paramref name="bookings"/>
    /// must hold her committed bookings of the whole month of <paramref name="date"/>.
    /// </summary>
    public BookingRefusal? CheckSpeaker(
        Speaker speaker,
        DateOnly date,
        TimeOnly start,
        int durationMinutes,
        VisitFormat format,
        Requester? requester,
        IReadOnlyList<Booking> bookings,
        string? ignoreReference = null)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(bookings);
        var name = speaker.FirstName;
        if (speaker.Status != SpeakerStatus.Approved)
        {
            return new BookingRefusal(
                "speaker-unavailable",
                $"{speaker.FullName} ne reçoit pas de demandes en ce moment ; je peux vous proposer d'autres intervenantes.",
                $"{speaker.FullName} is not taking requests at the moment; I can suggest other speakers.");
        }

        if (!speaker.Availability.Covers(date, start, TimeSpan.FromMinutes(durationMinutes)))
        {
            var windows = speaker.Availability.WindowsOn(date);
            if (windows.Count == 0)
            {
                var days = speaker.Availability.Weekly.Select(w => w.Day).Distinct().OrderBy(d => ((int)d + 6) % 7).ToList();
                var fr = days.Count == 0 ? "elle n'a pas de jour habituel, demandez-moi ses prochains créneaux" : "ses jours habituels : " + string.Join(", ", days.Select(d => BookingText.DayName("fr", d)));
                var en = days.Count == 0 ? "she has no usual day, ask me for her next free slots" : "her usual days: " + string.Join(", ", days.Select(d => BookingText.DayName("en", d)));
                return new BookingRefusal(
                    "unavailable",
                    $"{name} n'intervient pas le {BookingText.Date("fr", date)} ; {fr}.",
                    $"{name} is not available on {BookingText.Date("en", date)}; {en}.");
            }

            var list = string.Join(", ", windows.Select(w => $"{BookingText.Time(w.Start)}–{BookingText.Time(w.End)}"));
            return new BookingRefusal(
                "unavailable",
                $"{name} n'est pas disponible à {BookingText.Time(start)} le {BookingText.Date("fr", date)} ; ce jour-là elle est disponible {list} (une heure entière).",
                $"{name} is not available at {BookingText.Time(start)} on {BookingText.Date("en", date)}; that day she is available {list} (a full hour).");
        }

        var others = bookings.Where(b => b.Reference != ignoreReference && b.IsActive && b.ActiveSeats.Any(s => s.SpeakerId == speaker.Id)).ToList();
        if (requester is not null)
        {
            var duplicate = others.FirstOrDefault(b => b.Date == date && b.Kind == BookingKind.ClassroomVisit
                && (string.Equals(b.Requester.Email, requester.Email, StringComparison.OrdinalIgnoreCase) || b.Requester.UserKey == requester.UserKey));
            if (duplicate is not null)
            {
                return new BookingRefusal(
                    "duplicate",
                    $"Vous avez déjà une demande auprès de {name} le {BookingText.Date("fr", date)} ({duplicate.Reference}) ; attendez sa réponse, ou déplacez cette demande plutôt que d'en créer une seconde.",
                    $"You already have a request with {name} on {BookingText.Date("en", date)} ({duplicate.Reference}); wait for her answer, or move that request instead of creating a second one.");
            }
        }

        var startMinute = (start.Hour * 60) + start.Minute;
        var endMinute = startMinute + durationMinutes;
        foreach (var other in others.Where(b => b.Date == date))
        {
            var buffer = format == VisitFormat.InPerson || other.Format == VisitFormat.InPerson ? _options.TravelBufferMinutes : 0;
            var otherStart = (other.Start.Hour * 60) + other.Start.Minute;
            var otherEnd = otherStart + other.DurationMinutes;
            if (startMinute < otherEnd + buffer && otherStart < endMinute + buffer)
            {
                var withBuffer = buffer > 0;
                return new BookingRefusal(
                    "overlap",
                    $"{name} intervient déjà le {BookingText.Date("fr", date)} de {BookingText.Time(other.Start)} à {BookingText.Time(other.End)}"
                        + (withBuffer ? $" et il lui faut {buffer} minutes de trajet entre deux interventions" : string.Empty)
                        + " ; choisissez un autre horaire ce jour-là ou un autre jour.",
                    $"{name} already speaks on {BookingText.Date("en", date)} from {BookingText.Time(other.Start)} to {BookingText.Time(other.End)}"
                        + (withBuffer ? $" and needs {buffer} minutes to travel between two visits" : string.Empty)
                        + "; choose another time that day or another day.");
            }
        }

        var monthCount = others.Count(b => b.Date.Year == date.Year && b.Date.Month == date.Month);
        if (monthCount >= speaker.MonthlyCap)
        {
            var next = new DateOnly(date.Year, date.Month, 1).AddMonths(1);
            return new BookingRefusal(
                "monthly-cap",
                $"{name} accepte au plus {speaker.MonthlyCap} demandes par mois et en a déjà {monthCount} en {BookingText.Month("fr", date)} ; proposez une date à partir de {BookingText.Month("fr", next)} ou une autre intervenante.",
                $"{name} takes at most {speaker.MonthlyCap} requests a month and already has {monthCount} in {BookingText.Month("en", date)}; suggest a date from {BookingText.Month("en", next)} on, or another speaker.");
        }

        return null;
    }

    /// <summary>Every rule of a classroom visit; <paramref name="department"/> is the school's when known.</summary>
    public BookingRefusal? CheckVisit(Speaker speaker, DateOnly date, TimeOnly start, VisitFormat format, Requester? requester, IReadOnlyList<Booking> monthBookings, string? ignoreReference = null, string? department = null) =>
        CheckVisitTiming(date, start, VisitMinutes, department)
        ?? CheckSpeaker(speaker, date, start, VisitMinutes, format, requester, monthBookings, ignoreReference);

    /// <summary>The month around <paramref name="date"/> whose bookings the checks need.</summary>
    public static (DateOnly From, DateOnly To) MonthOf(DateOnly date)
    {
        var first = new DateOnly(date.Year, date.Month, 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>
    /// The next <paramref name="count"/> start times at which a visit with this speaker would pass every rule,
    /// from <paramref name="from"/> (or the earliest allowed date). Starts on the hour inside her windows; days
    /// without class at the school (<paramref name="department"/>, or every zone while unknown) are skipped.
    /// </summary>
    public IReadOnlyList<BookingSlot> FreeSlots(
        Speaker speaker,
        VisitFormat format,
        Requester? requester,
        Func<DateOnly, DateOnly, IReadOnlyList<Booking>> bookingsBetween,
        int count,
        DateOnly? from = null,
        DateOnly? to = null,
        string? ignoreReference = null,
        string? department = null,
        Func<BookingSlot, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(bookingsBetween);
        var slots = new List<BookingSlot>();
        var first = from is null || from < EarliestDate ? EarliestDate : from.Value;
        var last = to ?? first.AddDays(_options.SlotHorizonDays);
        var months = new Dictionary<(int, int), IReadOnlyList<Booking>>();
        for (var date = first; date <= last && slots.Count < count; date = date.AddDays(1))
        {
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Calendar.Closure(date, department) is not null)
            {
                continue;
            }

            var windows = speaker.Availability.WindowsOn(date);
            if (windows.Count == 0)
            {
                continue;
            }

            if (!months.TryGetValue((date.Year, date.Month), out var bookings))
            {
                var (monthFrom, monthTo) = MonthOf(date);
                bookings = bookingsBetween(monthFrom, monthTo);
                months[(date.Year, date.Month)] = bookings;
            }

            foreach (var (windowStart, windowEnd) in windows)
            {
                var start = windowStart.Minute == 0 ? windowStart : new TimeOnly(windowStart.Hour, 0).AddHours(1);
                for (; start >= windowStart && start.AddMinutes(VisitMinutes) <= windowEnd && start.AddMinutes(VisitMinutes) > start && slots.Count < count; start = start.AddHours(1))
                {
                    if ((accept is null || accept(new BookingSlot(date, start)))
                        && CheckVisit(speaker, date, start, format, requester, bookings, ignoreReference, department) is null && !slots.Contains(new BookingSlot(date, start)))
                    {
                        slots.Add(new BookingSlot(date, start));
                    }
                }
            }
        }

        return slots;
    }
}
