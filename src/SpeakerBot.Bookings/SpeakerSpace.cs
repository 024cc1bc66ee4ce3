using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

public enum SpaceAccessKind
{
    Valid,

    /// <summary>Cut, altered or signed with another key: nobody is known.</summary>
    Invalid,

    /// <summary>Genuine but past its date: she may ask for a new one by e-mail.</summary>
    Expired,

    /// <summary>Genuine but replaced by a newer link or revoked.</summary>
    Revoked,
}

public sealed record SpaceAccess(SpaceAccessKind Kind, string? SpeakerId);

/// <summary>What she asks to change on her page, already parsed; <see cref="SpeakerSpace.Check"/> judges it.</summary>
public sealed record SpaceChange(
    IReadOnlyList<WeeklySlot> Weekly,
    int MonthlyCap,
    IReadOnlyList<string> Formats,
    DateOnly? PauseFrom,
    DateOnly? PauseTo,
    bool EndPause)
{
    /// <summary>A holiday to add: unavailable every day from <see cref="HolidayFrom"/> to <see cref="HolidayTo"/>.</summary>
    public DateOnly? HolidayFrom { get; init; }

    public DateOnly? HolidayTo { get; init; }

    /// <summary>First days of the holidays to remove.</summary>
    public IReadOnlyList<DateOnly> RemoveHolidays { get; init; } = [];

    /// <summary>An extra free day to add, with its window.</summary>
    public DateOnly? ExtraDate { get; init; }

    public TimeOnly? ExtraStart { get; init; }

    public TimeOnly? ExtraEnd { get; init; }

    public IReadOnlyList<DateOnly> RemoveExtras { get; init; } = [];
}

/// <summary>Her running impact: visits held and pupils reached (the teacher's count when given, else the class size).</summary>
public sealed record SpaceImpact(int Classes, int Pupils);

/// <summary>
/// A speaker's own space (decision 116): a personal signed link, long-lived and revocable by a generation kept in the state store, and the
/// changes she makes to her availability, cap, formats and pauses, written at once to the directory so the search
/// follows. A change that would leave a booked visit outside her availability is refused, never silently applied.
/// </summary>
public sealed class SpeakerSpace(BookingLinks links, IStateStore state, ISpeakerStore speakers, IBookingStore store, IOptions<BookingOptions> options, TimeProvider time, SoonAvailability? soon = null)
{
    public const int LinkValidityDays = 365;
    public const int MaxMonthlyCap = 20;
    public const int MaxPauseDays = 366;

    /// <summary>State documents holding the current generation of each speaker's link.</summary>
    public const string KeyPrefix = "speaker-space/";

    /// <summary>The month (yyyy-MM) whose monthly e-mails are all queued.</summary>
    private const string MonthlyKey = "speaker-space-monthly";

    private readonly BookingOptions _options = options.Value;

    /// <summary>A fresh link for her; every earlier link stops working.</summary>
    public async Task<string> RotateLinkAsync(string speakerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speakerId);
        var generation = await RetireLinksAsync(speakerId, cancellationToken);
        await links.ReadyAsync(cancellationToken);
        var token = links.CreateToken(speakerId, generation, LinkAction.Space, time.GetUtcNow().AddDays(LinkValidityDays));
        return $"{_options.PublicBaseUrl.TrimEnd('/')}/speakers/space?t={token}";
    }

    /// <summary>
    /// Her link as mailed with every invitation and every monthly e-mail: it does not rotate (her bookmarked link
    /// keeps working) and is built synchronously inside store transactions (after <see cref="BookingLinks.ReadyAsync"/>).
    /// It carries generation 0 and is valid while it was issued after her last rotation or revocation.
    /// </summary>
    public static string MailedLink(BookingLinks links, BookingOptions options, TimeProvider time, string speakerId)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var token = links.CreateToken(speakerId, MailedGeneration, LinkAction.Space, time.GetUtcNow().AddDays(LinkValidityDays));
        return $"{options.PublicBaseUrl.TrimEnd('/')}/speakers/space?t={token}";
    }

    /// <summary>Revokes every link of hers (a coordinator's or her own decision); a new one must be asked for.</summary>
    public async Task RevokeAsync(string speakerId, CancellationToken cancellationToken = default) =>
        await RetireLinksAsync(speakerId, cancellationToken);

    public async Task<SpaceAccess> ReadAsync(string? token, CancellationToken cancellationToken = default)
    {
        var claim = await links.ReadAsync(token, cancellationToken);
        if (claim is null || claim.Validity == LinkValidity.Tampered || claim.Action != LinkAction.Space)
        {
            return new SpaceAccess(SpaceAccessKind.Invalid, null);
        }

        var current = await LinkStateAsync(claim.Reference, cancellationToken);
        var retired = claim.Seat == MailedGeneration
            ? claim.ExpiresAt.AddDays(-LinkValidityDays).ToUnixTimeSeconds() < current.Since
            : claim.Seat != current.Generation;
        if (retired)
        {
            return new SpaceAccess(SpaceAccessKind.Revoked, claim.Reference);
        }

        return claim.Validity == LinkValidity.Expired
            ? new SpaceAccess(SpaceAccessKind.Expired, claim.Reference)
            : new SpaceAccess(SpaceAccessKind.Valid, claim.Reference);
    }

    /// <summary>
    /// "Send me a new link": mails a fresh link to the address on file of the speaker the old link named, or of the
    /// speaker with that address. Says nothing about whether anyone matched, so addresses cannot be probed.
    /// </summary>
    public async Task SendNewLinkAsync(string? speakerId, string? email, CancellationToken cancellationToken = default)
    {
        Speaker? speaker = null;
        if (!string.IsNullOrWhiteSpace(speakerId))
        {
            speaker = await speakers.GetAsync(speakerId, cancellationToken);
        }
        else if (BookingService.IsEmail(email))
        {
            await foreach (var s in speakers.ReadAllAsync(cancellationToken))
            {
                if (string.Equals(s.Contact?.Email, email!.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    speaker = s;
                    break;
                }
            }
        }

        if (speaker?.Contact?.Email is not { } to || speaker.Status is SpeakerStatus.Archived or SpeakerStatus.Rejected)
        {
            return;
        }

        var url = await RotateLinkAsync(speaker.Id, cancellationToken);
        var lang = BookingMails.LanguageOf(speaker);
        await store.EnqueueAsync(
        [
            new OutboxMessage
            {
                Key = $"space/{speaker.Id}/{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}",
                To = to,
                ToName = speaker.FullName,
                Subject = BookingText.Pick(lang, "Votre espace intervenante", "Your speaker space"),
                Body = BookingText.Pick(lang,
                    $"Bonjour {speaker.FirstName},\n\nVoici votre nouveau lien personnel, valable un an ; les liens précédents ne fonctionnent plus :\n{url}\n\nNe le transmettez pas : il donne accès à vos disponibilités et à vos demandes.\n",
                    $"Hello {speaker.FirstName},\n\nHere is your new personal link, valid for a year; earlier links no longer work:\n{url}\n\nDo not pass it on: it opens your availability and your requests.\n"),
                Language = lang,
                DueAt = time.GetUtcNow(),
            },
        ], cancellationToken);
    }

    /// <summary>
    /// The monthly e-mail: her link, her monthly cap and her pause, to every approved speaker with an address, once a
    /// calendar month (the outbox key names the month, so a second run in the same month, on any instance, adds nothing).
    /// </summary>
    /// <returns>How many mails were queued by this run (0 when the month was already done).</returns>
    public async Task<int> SendMonthlyMailsAsync(CancellationToken cancellationToken = default)
    {
        var month = FrenchTime.Today(time).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await state.LoadAsync(MonthlyKey, cancellationToken) is { } done && JsonSerializer.Deserialize<string>(done) == month)
        {
            return 0;
        }

        await links.ReadyAsync(cancellationToken);
        var batch = new List<OutboxMessage>();
        var queued = 0;
        await foreach (var speaker in speakers.ReadAllAsync(cancellationToken))
        {
            if (speaker.Status != SpeakerStatus.Approved || speaker.Contact?.Email is not { Length: > 0 } to)
            {
                continue;
            }

            batch.Add(MonthlyMail(speaker, to, month));
            if (batch.Count == 200)
            {
                await store.EnqueueAsync(batch, cancellationToken);
                queued += batch.Count;
                batch.Clear();
            }
        }

        await store.EnqueueAsync(batch, cancellationToken);
        queued += batch.Count;
        await state.SaveAsync(MonthlyKey, JsonSerializer.Serialize(month), cancellationToken);
        return queued;
    }

    private OutboxMessage MonthlyMail(Speaker speaker, string to, string month)
    {
        var lang = BookingMails.LanguageOf(speaker);
        var url = MailedLink(links, _options, time, speaker.Id);
        var pause = CurrentPause(speaker) is { } p
            ? BookingText.Pick(lang, $"Vous êtes en pause du {BookingText.Date(lang, p.From)} au {BookingText.Date(lang, p.To)}.\n", $"You are paused from {BookingText.Date(lang, p.From)} to {BookingText.Date(lang, p.To)}.\n")
            : string.Empty;
        return new OutboxMessage
        {
            Key = $"space-monthly/{speaker.Id}/{month}",
            To = to,
            ToName = speaker.FullName,
            Subject = BookingText.Pick(lang, "Vos disponibilités ce mois-ci", "Your availability this month"),
            Body = BookingText.Pick(lang,
                $"Bonjour {speaker.FirstName},\n\nVous acceptez au plus {speaker.MonthlyCap} demande(s) par mois.\n{pause}Vos disponibilités, vos congés, vos demandes et vos interventions sont dans votre espace :\n{url}\n\nNe transmettez pas ce lien : il donne accès à votre espace.\n",
                $"Hello {speaker.FirstName},\n\nYou take at most {speaker.MonthlyCap} request(s) a month.\n{pause}Your availability, time off, requests and talks are in your space:\n{url}\n\nDo not pass this link on: it opens your space.\n"),
            Language = lang,
            DueAt = time.GetUtcNow(),
        };
    }

    /// <summary>
    /// The secret address of her calendar feed: a keyed digest of her id and of her link's state, so it changes, and
    /// the old one stops answering, when she asks for a new link or her links are revoked.
    /// </summary>
    public async Task<string> CalendarUrlAsync(string speakerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speakerId);
        return $"{_options.PublicBaseUrl.TrimEnd('/')}/speakers/calendar/{Uri.EscapeDataString(speakerId)}/{await CalendarKeyAsync(speakerId, cancellationToken)}.ics";
    }

    /// <summary>Her feed (RFC 5545) when the key is hers and current; null otherwise (nothing says whether she exists).</summary>
    public async Task<string?> CalendarAsync(string speakerId, string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(speakerId) || string.IsNullOrEmpty(key) || key.Length > 64)
        {
            return null;
        }

        var expected = await CalendarKeyAsync(speakerId, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(key))
            || await speakers.GetAsync(speakerId, cancellationToken) is not { } speaker)
        {
            return null;
        }

        var lang = BookingMails.LanguageOf(speaker);
        var events = new List<FeedEvent>();
        var today = FrenchTime.Today(time);
        var all = (await BookingsAsync(speakerId, cancellationToken)).ToList();

        // The active list leaves out what ended: a calendar that showed it must be told it is cancelled.
        foreach (var status in new[] { BookingStatus.Cancelled, BookingStatus.Declined, BookingStatus.Expired })
        {
            all.AddRange((await store.ListByStatusAsync(status, cancellationToken))
                .Where(b => b.Date >= today.AddYears(-1) && b.Date <= today.AddYears(1) && b.Seats.Any(s => s.SpeakerId == speakerId)));
        }

        foreach (var booking in all.DistinctBy(b => b.Reference).OrderBy(b => b.Date).ThenBy(b => b.Start))
        {
            var seat = booking.Seats.First(s => s.SpeakerId == speakerId);
            if (seat.Status == SeatStatus.Waiting)
            {
                continue;
            }

            var status = !booking.IsActive || seat.Status is SeatStatus.Declined or SeatStatus.Expired or SeatStatus.Cancelled ? "CANCELLED"
                : seat.Status == SeatStatus.Accepted && booking.Status != BookingStatus.Requested ? "CONFIRMED"
                : "TENTATIVE";
            var where = booking.Kind == BookingKind.Panel ? booking.Title : booking.School?.Name;
            var location = booking.Format == VisitFormat.Online
                ? BookingText.Pick(lang, "En ligne", "Online")
                : booking.Location ?? string.Join(", ", new[] { booking.School?.Name, booking.School?.Address, booking.School?.City }.Where(p => !string.IsNullOrWhiteSpace(p)));
            events.Add(new FeedEvent(
                $"{booking.Reference}@speakerbot",
                booking.Kind == BookingKind.Panel
                    ? BookingText.Pick(lang, $"Table ronde – {where} ({booking.Reference})", $"Panel – {where} ({booking.Reference})")
                    : BookingText.Pick(lang, $"Heure découverte – {where} ({booking.Reference})", $"Classroom visit – {where} ({booking.Reference})"),
                booking.StartsAt,
                booking.EndsAt,
                location,
                BookingText.Pick(lang, $"{booking.Reference} : {BookingService.StatusText(booking.Status, lang)}", $"{booking.Reference}: {BookingService.StatusText(booking.Status, lang)}"),
                booking.Version,
                status));
        }

        return IcsCalendar.Feed(BookingText.Pick(lang, "SpeakerBot – mes interventions", "SpeakerBot – my talks"), events, time.GetUtcNow());
    }

    private async Task<string> CalendarKeyAsync(string speakerId, CancellationToken cancellationToken)
    {
        var current = await LinkStateAsync(speakerId, cancellationToken);
        return await links.DigestAsync(string.Join('|', "ics", speakerId, current.Generation.ToString(CultureInfo.InvariantCulture), current.Since.ToString(CultureInfo.InvariantCulture)), cancellationToken);
    }

    /// <summary>Her bookings from a year back to a year ahead, soonest first.</summary>
    public async Task<IReadOnlyList<Booking>> BookingsAsync(string speakerId, CancellationToken cancellationToken = default)
    {
        var today = FrenchTime.Today(time);
        var list = await store.ListForSpeakerAsync(speakerId, today.AddYears(-1), today.AddYears(1), cancellationToken);
        return [.. list.Where(b => b.Seats.Any(s => s.SpeakerId == speakerId)).OrderBy(b => b.Date).ThenBy(b => b.Start)];
    }

    public static SpaceImpact Impact(IEnumerable<Booking> bookings)
    {
        var held = bookings.Where(b => b.Status is BookingStatus.Held or BookingStatus.FeedbackReceived).ToList();
        return new SpaceImpact(held.Count, held.Sum(b => b.Feedback?.PupilsReached ?? b.Pupils ?? 0));
    }

    /// <summary>
    /// Field-by-field refusals (field name → reason) of a change against her booked visits; empty when it may be saved.
    /// </summary>
    public Dictionary<string, BookingRefusal> Check(Speaker speaker, SpaceChange change, IReadOnlyList<Booking> bookings)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(change);
        var errors = new Dictionary<string, BookingRefusal>(StringComparer.Ordinal);
        var today = FrenchTime.Today(time);
        foreach (var group in change.Weekly.GroupBy(s => s.Day))
        {
            var day = group.OrderBy(s => s.Start).ToList();
            for (var i = 1; i < day.Count; i++)
            {
                if (day[i].Start < day[i - 1].End)
                {
                    errors[$"day{(int)group.Key}"] = new("overlap", "Les deux créneaux de ce jour se chevauchent.", "The two windows of this day overlap.");
                }
            }
        }

        if (change.MonthlyCap is < 0 or > MaxMonthlyCap)
        {
            errors["cap"] = new("cap", $"Indiquez un nombre de demandes par mois entre 0 et {MaxMonthlyCap}.", $"Give a number of requests per month between 0 and {MaxMonthlyCap}.");
        }

        if (change.Formats.Count == 0)
        {
            errors["formats"] = new("formats", "Cochez au moins un format.", "Tick at least one format.");
        }

        if (change.PauseFrom is { } from && change.PauseTo is { } to)
        {
            if (to < from)
            {
                errors["pauseTo"] = new("pause-order", "La fin de la pause est avant son début.", "The pause ends before it starts.");
            }
            else if (to.DayNumber - from.DayNumber >= MaxPauseDays)
            {
                errors["pauseTo"] = new("pause-length", "Une pause dure au plus un an.", "A pause lasts at most a year.");
            }
            else if (to < today)
            {
                errors["pauseTo"] = new("pause-past", "Cette pause est déjà passée.", "This pause is already over.");
            }
        }
        else if (change.PauseFrom is not null || change.PauseTo is not null)
        {
            errors[change.PauseFrom is null ? "pauseFrom" : "pauseTo"] = new("pause-half", "Indiquez le début et la fin de la pause.", "Give both the start and the end of the pause.");
        }

        CheckExceptions(speaker, change, today, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        var updated = Apply(speaker, change);
        foreach (var booking in bookings.Where(b => b.IsActive && b.Date >= today && b.Seats.Any(s => s.SpeakerId == speaker.Id && s.HoldsSlot)))
        {
            var when = $"{booking.Reference} ({BookingText.DateTime("fr", booking.Date, booking.Start)})";
            var whenEn = $"{booking.Reference} ({BookingText.DateTime("en", booking.Date, booking.Start)})";
            if (change.PauseFrom is { } pauseFrom && change.PauseTo is { } pauseTo && booking.Date >= pauseFrom && booking.Date <= pauseTo)
            {
                errors["pauseFrom"] = new("booked", $"Vous avez une intervention prévue pendant cette pause : {when}. Annulez-la d'abord, avec un motif.", $"You have a talk booked during this pause: {whenEn}. Cancel it first, with a reason.");
            }
            else if (change.HolidayFrom is { } holidayFrom && change.HolidayTo is { } holidayTo && booking.Date >= holidayFrom && booking.Date <= holidayTo)
            {
                errors["holidayFrom"] = new("booked", $"Vous avez une intervention prévue pendant ce congé : {when}. Annulez-la d'abord, avec un motif.", $"You have a talk booked during this time off: {whenEn}. Cancel it first, with a reason.");
            }
            else if (change.RemoveExtras.Contains(booking.Date) && !updated.Availability.Covers(booking.Date, booking.Start, TimeSpan.FromMinutes(booking.DurationMinutes)))
            {
                errors["removeExtra"] = new("booked", $"Ce jour en plus porte une intervention prévue : {when}. Gardez-le ou annulez-la d'abord.", $"This extra day holds a booked talk: {whenEn}. Keep it or cancel the talk first.");
            }
            else if (!updated.Availability.Covers(booking.Date, booking.Start, TimeSpan.FromMinutes(booking.DurationMinutes)))
            {
                errors[$"day{(int)booking.Date.DayOfWeek}"] = new("booked", $"Ces horaires retireraient une intervention prévue : {when}. Gardez ce créneau ou annulez-la d'abord.", $"These hours would drop a booked talk: {whenEn}. Keep this window or cancel the talk first.");
            }
        }

        return errors;
    }

    /// <summary>Her holidays from today on, as ranges of consecutive days.</summary>
    public IReadOnlyList<(DateOnly From, DateOnly To)> Holidays(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        return Runs(speaker.Availability.Exceptions.Where(IsHolidayDay).Select(e => e.Date).Where(d => d >= FrenchTime.Today(time)));
    }

    /// <summary>Her extra free days from today on.</summary>
    public IReadOnlyList<AvailabilityException> ExtraDays(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var today = FrenchTime.Today(time);
        return [.. speaker.Availability.Exceptions.Where(e => e.Available && e.Date >= today).OrderBy(e => e.Date).ThenBy(e => e.Start)];
    }

    private void CheckExceptions(Speaker speaker, SpaceChange change, DateOnly today, Dictionary<string, BookingRefusal> errors)
    {
        if (change.HolidayFrom is { } from && change.HolidayTo is { } to)
        {
            var kept = Holidays(speaker).Where(h => !change.RemoveHolidays.Contains(h.From)).ToList();
            if (to < from)
            {
                errors["holidayTo"] = new("holiday-order", "Le congé finit avant de commencer.", "The time off ends before it starts.");
            }
            else if (to < today)
            {
                errors["holidayTo"] = new("holiday-past", "Ce congé est déjà passé.", "This time off is already over.");
            }
            else if (to.DayNumber - from.DayNumber >= MaxPauseDays)
            {
                errors["holidayTo"] = new("holiday-length", "Un congé dure au plus un an ; pour plus long, mettez-vous en pause.", "Time off lasts at most a year; for longer, pause yourself.");
            }
            else if (kept.FirstOrDefault(h => h.From <= to && from <= h.To) is { From: var otherFrom } other && otherFrom != default)
            {
                errors["holidayFrom"] = new("holiday-overlap",
                    $"Ce congé chevauche celui du {BookingText.Date("fr", other.From)} au {BookingText.Date("fr", other.To)}.",
                    $"This time off overlaps the one from {BookingText.Date("en", other.From)} to {BookingText.Date("en", other.To)}.");
            }
            else if (CurrentPause(speaker) is { } pause && !change.EndPause && change.PauseFrom is null && pause.From <= to && from <= pause.To)
            {
                errors["holidayFrom"] = new("holiday-overlap", "Ce congé tombe pendant votre pause.", "This time off falls during your pause.");
            }
        }
        else if (change.HolidayFrom is not null || change.HolidayTo is not null)
        {
            errors[change.HolidayFrom is null ? "holidayFrom" : "holidayTo"] = new("holiday-half", "Indiquez le premier et le dernier jour du congé.", "Give the first and the last day of the time off.");
        }

        if (change.ExtraDate is { } extra)
        {
            if (change.ExtraStart is not { } start || change.ExtraEnd is not { } end)
            {
                errors["extraDate"] = new("extra-half", "Indiquez l'heure de début et l'heure de fin de ce jour en plus.", "Give the start and end time of this extra day.");
            }
            else if (end <= start)
            {
                errors["extraDate"] = new("extra-order", $"Le créneau finit ({BookingText.Time(end)}) avant de commencer ({BookingText.Time(start)}).", $"The window ends ({BookingText.Time(end)}) before it starts ({BookingText.Time(start)}).");
            }
            else if (extra < today)
            {
                errors["extraDate"] = new("extra-past", "Ce jour est déjà passé.", "This day is already over.");
            }
            else if (extra.DayOfWeek == DayOfWeek.Sunday)
            {
                errors["extraDate"] = new("extra-sunday", "Les écoles sont fermées le dimanche.", "Schools are closed on Sundays.");
            }
            else
            {
                var open = Apply(speaker, change with { ExtraDate = null }).Availability.WindowsOn(extra);
                var days = Apply(speaker, change with { ExtraDate = null }).Availability.Exceptions;
                if (days.Any(e => e.Date == extra && !e.Available && (e.Start is null || IsHolidayDay(e))))
                {
                    errors["extraDate"] = new("extra-off", "Ce jour tombe pendant un congé ou une pause.", "This day falls during time off or a pause.");
                }
                else if (open.Any(w => w.Start < end && start < w.End))
                {
                    errors["extraDate"] = new("extra-overlap",
                        $"Ce créneau chevauche vos horaires de ce jour-là ({string.Join(", ", open.Select(w => $"{BookingText.Time(w.Start)}–{BookingText.Time(w.End)}"))}).",
                        $"This window overlaps your hours that day ({string.Join(", ", open.Select(w => $"{BookingText.Time(w.Start)}–{BookingText.Time(w.End)}"))}).");
                }
            }
        }
    }

    private static List<(DateOnly From, DateOnly To)> Runs(IEnumerable<DateOnly> days)
    {
        var runs = new List<(DateOnly From, DateOnly To)>();
        foreach (var day in days.Distinct().Order())
        {
            if (runs.Count > 0 && runs[^1].To.DayNumber + 1 == day.DayNumber)
            {
                runs[^1] = (runs[^1].From, day);
            }
            else
            {
                runs.Add((day, day));
            }
        }

        return runs;
    }

    /// <summary>Writes the change (after <see cref="Check"/>); the directory's change event updates the search at once.</summary>
    public async Task<Speaker> SaveAsync(Speaker speaker, SpaceChange change, CancellationToken cancellationToken = default)
    {
        var updated = Apply(speaker, change) with { UpdatedAt = time.GetUtcNow() };
        await speakers.UpsertAsync([updated], cancellationToken);
        if (soon is not null)
        {
            await soon.RefreshAsync(updated.Id, cancellationToken);
        }

        return updated;
    }

    /// <summary>The days of the pause she is in or has planned (whole days off from today), as one range, or null.</summary>
    public (DateOnly From, DateOnly To)? CurrentPause(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var today = FrenchTime.Today(time);
        var off = speaker.Availability.Exceptions.Where(IsPauseDay).Select(e => e.Date).Where(d => d >= today).Order().ToList();
        if (off.Count == 0)
        {
            return null;
        }

        var end = off[0];
        foreach (var day in off.Skip(1))
        {
            if (day.DayNumber != end.DayNumber + 1)
            {
                break;
            }

            end = day;
        }

        return (off[0], end);
    }

    // A pause is stored as whole days off in her dated exceptions: the search, the booking rules and both stores
    // already honour them, so nothing else needs to know about pauses.
    private Speaker Apply(Speaker speaker, SpaceChange change)
    {
        var today = FrenchTime.Today(time);
        var exceptions = speaker.Availability.Exceptions.ToList();
        if (change.EndPause || change.PauseFrom is not null)
        {
            exceptions.RemoveAll(e => IsPauseDay(e) && e.Date >= today);
        }

        if (change.PauseFrom is { } from && change.PauseTo is { } to)
        {
            for (var day = from < today ? today : from; day <= to; day = day.AddDays(1))
            {
                exceptions.Add(new AvailabilityException(day, Available: false));
            }
        }

        foreach (var first in change.RemoveHolidays)
        {
            if (Runs(exceptions.Where(IsHolidayDay).Select(e => e.Date)).FirstOrDefault(r => r.From == first) is { From: var f, To: var t } && f != default)
            {
                exceptions.RemoveAll(e => IsHolidayDay(e) && e.Date >= f && e.Date <= t);
            }
        }

        if (change.HolidayFrom is { } holidayFrom && change.HolidayTo is { } holidayTo && holidayTo >= holidayFrom)
        {
            for (var day = holidayFrom < today ? today : holidayFrom; day <= holidayTo; day = day.AddDays(1))
            {
                exceptions.Add(new AvailabilityException(day, Available: false, HolidayStart, HolidayEnd));
            }
        }

        exceptions.RemoveAll(e => e.Available && change.RemoveExtras.Contains(e.Date));
        if (change.ExtraDate is { } extra && change.ExtraStart is { } extraStart && change.ExtraEnd is { } extraEnd && extraEnd > extraStart)
        {
            exceptions.Add(new AvailabilityException(extra, Available: true, extraStart, extraEnd));
        }

        return speaker with
        {
            Availability = new Availability([.. change.Weekly.OrderBy(s => s.Day).ThenBy(s => s.Start)], [.. exceptions.OrderBy(e => e.Date)]),
            MonthlyCap = change.MonthlyCap,
            Formats = [.. change.Formats],
        };
    }

    private static bool IsPauseDay(AvailabilityException e) => !e.Available && e.Start is null && e.End is null;

    // A holiday day blocks the whole day as a window (00:00–23:59) rather than as a bare day off, so it stays apart
    // from a pause's days in the compact availability text both stores keep: no schema change.
    private static readonly TimeOnly HolidayStart = new(0, 0);
    private static readonly TimeOnly HolidayEnd = new(23, 59);

    private static bool IsHolidayDay(AvailabilityException e) => !e.Available && e.Start == HolidayStart && e.End == HolidayEnd;

    /// <summary>The generation of mailed links (<see cref="MailedLink"/>); a rotated link's is random and never 0.</summary>
    private const int MailedGeneration = 0;

    // The document was a bare generation number before mailed links; it now also keeps when links were last retired.
    private async Task<LinkState> LinkStateAsync(string speakerId, CancellationToken cancellationToken)
    {
        if (await state.LoadAsync(Key(speakerId), cancellationToken) is not { } json)
        {
            return new LinkState(0, 0);
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Number
            ? new LinkState(document.RootElement.GetInt32(), 0)
            : JsonSerializer.Deserialize<LinkState>(json) ?? new LinkState(0, 0);
    }

    private async Task<int> RetireLinksAsync(string speakerId, CancellationToken cancellationToken)
    {
        var generation = NewGeneration();
        await state.SaveAsync(Key(speakerId), JsonSerializer.Serialize(new LinkState(generation, time.GetUtcNow().ToUnixTimeSeconds())), cancellationToken);
        return generation;
    }

    /// <summary>The rotated link's generation, and the second (Unix) before which mailed links are retired.</summary>
    private sealed record LinkState(int Generation, long Since);

    // Random rather than counted: if the document were ever lost, a restarted count would bring old links back to life.
    private static int NewGeneration() => RandomNumberGenerator.GetInt32(1, int.MaxValue);

    /// <summary>Kept by the retention job (listed in ConversationOptions.LongLivedStatePrefixes): links live a year.</summary>
    private static string Key(string speakerId) => $"{KeyPrefix}{speakerId}";
}
