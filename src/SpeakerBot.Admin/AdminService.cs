using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Admin;

/// <summary>
/// Everything a coordinator may do to speakers and bookings, scoped to her regions and audited. The host's
/// /api/admin endpoints, the CLI and the chat call this; HTTP concerns stay in the host. Booking changes go
/// through the domain's state machine (<see cref="BookingTransitions"/>) like a speaker's links and the chat, with
/// the same rules and the same mails (<see cref="BookingChanges"/>); every collaborator is required, so a host
/// without the booking services fails at start instead of changing bookings without checking them.
/// </summary>
public sealed class AdminService(
    ICoordinatorStore audit,
    IBookingStore bookings,
    ISpeakerStore speakers,
    BookingChanges changes,
    BookingLinks links,
    IOptions<AdminOptions> options,
    TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly BookingStatus[] AllStatuses = Enum.GetValues<BookingStatus>();

    public AdminOptions Options => options.Value;

    /// <summary>The directory store.</summary>
    public ISpeakerStore Speakers => speakers;

    // ----- speakers -----

    public async Task<AdminResult<IReadOnlyList<Speaker>>> ListSpeakersAsync(Coordinator who, SpeakerFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(filter);
        SpeakerStatus? status = null;
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            if (!Enum.TryParse<SpeakerStatus>(filter.Status, ignoreCase: true, out var parsed))
            {
                return AdminError.Invalid("status", $"Le statut « {filter.Status} » est inconnu : attendu pending, approved, rejected ou archived.");
            }

            status = parsed;
        }

        if (filter.Region is not null)
        {
            if (!Taxonomy.IsRegion(filter.Region))
            {
                return UnknownRegion(filter.Region);
            }

            if (!who.Covers(filter.Region))
            {
                return OutsideRegions(who, filter.Region);
            }
        }

        if (filter.Sector is not null && !Taxonomy.IsSector(filter.Sector))
        {
            return AdminError.Invalid("sector", $"Le secteur « {filter.Sector} » est inconnu. Secteurs possibles : {string.Join(", ", Taxonomy.Sectors)}.");
        }

        var text = filter.Text?.Trim();
        var list = new List<Speaker>();
        await foreach (var speaker in Speakers.ReadAllAsync(cancellationToken))
        {
            if (who.Covers(speaker.Region)
                && (status is null || speaker.Status == status)
                && (filter.Region is null || speaker.Region == filter.Region)
                && (filter.Sector is null || speaker.Sector == filter.Sector)
                && (filter.Network is null || string.Equals(speaker.Network, filter.Network, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(text) || Matches(speaker, text)))
            {
                list.Add(speaker);
            }
        }

        return AdminResult<IReadOnlyList<Speaker>>.Success([.. list.Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 1000))]);
    }

    public async Task<AdminResult<Speaker>> GetSpeakerAsync(Coordinator who, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var speaker = await Speakers.GetAsync(id, cancellationToken);
        if (speaker is null)
        {
            return AdminError.NotFound($"Aucune intervenante n'a l'identifiant « {id} ».").Coded(AdminCodes.SpeakerNotFound, id);
        }

        return who.Covers(speaker.Region) ? AdminResult<Speaker>.Success(speaker) : OutsideRegions(who, speaker.Region);
    }

    public async Task<AdminResult<Speaker>> CreateSpeakerAsync(Coordinator who, SpeakerInput input, SpeakerStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await CreateSpeakerAsync(who.Actor, who, input, status, cancellationToken);
    }

    /// <summary>Creates a profile; <paramref name="who"/> is null for the public /join form (a pending profile).</summary>
    public async Task<AdminResult<Speaker>> CreateSpeakerAsync(string actor, Coordinator? who, SpeakerInput input, SpeakerStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var (field, value, label) in new[]
        {
            ("firstName", input.FirstName, "le prénom"),
            ("lastName", input.LastName, "le nom"),
            ("headline", input.Headline, "le métier (par exemple « Ingénieure aéronautique »)"),
            ("sector", input.Sector, "le secteur"),
            ("region", input.Region, "la région"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return AdminError.Invalid(field, $"Il manque {label} (champ {field}).").Coded(AdminCodes.MissingField, field);
            }
        }

        var now = time.GetUtcNow();
        var draft = new Speaker
        {
            Id = "sp-" + Guid.NewGuid().ToString("N")[..10],
            FirstName = string.Empty,
            LastName = string.Empty,
            Headline = string.Empty,
            Sector = string.Empty,
            Region = string.Empty,
            Status = status,
            UpdatedAt = now,
        };
        var built = Apply(draft, input);
        if (!built.Ok)
        {
            return built;
        }

        var speaker = built.Value!;
        if (who is not null && !who.Covers(speaker.Region))
        {
            return OutsideRegions(who, speaker.Region);
        }

        await Speakers.UpsertAsync([speaker], cancellationToken);
        await AuditAsync(actor, "speaker.create", Target(speaker), null, speaker, cancellationToken);
        return AdminResult<Speaker>.Success(speaker);
    }

    public async Task<AdminResult<Speaker>> UpdateSpeakerAsync(Coordinator who, string id, SpeakerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await GetSpeakerAsync(who, id, cancellationToken);
        if (!current.Ok)
        {
            return current;
        }

        var built = Apply(current.Value! with { UpdatedAt = time.GetUtcNow() }, input);
        if (!built.Ok)
        {
            return built;
        }

        if (!who.Covers(built.Value!.Region))
        {
            return OutsideRegions(who, built.Value.Region);
        }

        await Speakers!.UpsertAsync([built.Value], cancellationToken);
        await AuditAsync(who.Actor, "speaker.update", Target(built.Value), current.Value, built.Value, cancellationToken);
        return built;
    }

    public Task<AdminResult<Speaker>> SetSpeakerStatusAsync(Coordinator who, string id, SpeakerStatus status, CancellationToken cancellationToken = default) =>
        SetSpeakerStatusAsync(who, id, status, null, cancellationToken);

    /// <summary>Approves, rejects or archives; <paramref name="reason"/> (a refusal's why) goes to the audit log.</summary>
    public async Task<AdminResult<Speaker>> SetSpeakerStatusAsync(Coordinator who, string id, SpeakerStatus status, string? reason, CancellationToken cancellationToken = default)
    {
        var current = await GetSpeakerAsync(who, id, cancellationToken);
        if (!current.Ok)
        {
            return current;
        }

        var before = current.Value!;
        if (status is SpeakerStatus.Approved or SpeakerStatus.Rejected && before.Status is not (SpeakerStatus.Pending or SpeakerStatus.Archived or SpeakerStatus.Rejected))
        {
            if (before.Status == status)
            {
                return AdminResult<Speaker>.Success(before);
            }

            if (status == SpeakerStatus.Rejected)
            {
                return AdminError.Conflict($"{before.FullName} est déjà approuvée : archivez son profil plutôt que de le refuser.");
            }
        }

        var after = before with { Status = status, UpdatedAt = time.GetUtcNow() };
        await Speakers!.UpsertAsync([after], cancellationToken);
        var verb = status switch
        {
            SpeakerStatus.Approved => "speaker.approve",
            SpeakerStatus.Rejected => "speaker.reject",
            SpeakerStatus.Archived => "speaker.archive",
            _ => "speaker.status",
        };
        var snapshot = string.IsNullOrWhiteSpace(reason) ? (object)after : new { speaker = after.WithoutContact(), reason = reason.Trim() };
        await AuditAsync(who.Actor, verb, Target(after), before, snapshot, cancellationToken);
        return AdminResult<Speaker>.Success(after);
    }

    // ----- bookings -----

    public async Task<AdminResult<IReadOnlyList<BookingView>>> ListBookingsAsync(Coordinator who, BookingFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(filter);
        BookingStatus[] statuses = AllStatuses;
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            var slug = filter.Status.Replace("-", string.Empty, StringComparison.Ordinal);
            if (!Enum.TryParse<BookingStatus>(slug, ignoreCase: true, out var parsed))
            {
                return AdminError.Invalid("status", $"Le statut « {filter.Status} » est inconnu : attendu requested, accepted, declined, expired, held, feedback-received ou cancelled.");
            }

            statuses = [parsed];
        }

        if (filter.Region is not null)
        {
            if (!Taxonomy.IsRegion(filter.Region))
            {
                return UnknownRegion(filter.Region);
            }

            if (!who.Covers(filter.Region))
            {
                return OutsideRegions(who, filter.Region);
            }
        }

        var views = await AllBookingsAsync(statuses, cancellationToken);
        var list = views
            .Where(v => v.IsVisibleTo(who)
                && (filter.Region is null || v.Involves(filter.Region))
                && (filter.From is null || v.Booking.Date >= filter.From)
                && (filter.To is null || v.Booking.Date <= filter.To))
            .OrderBy(v => v.Booking.StartsAt)
            .Skip(Math.Max(0, filter.Skip))
            .Take(Math.Clamp(filter.Take, 1, 1000))
            .ToList();
        return AdminResult<IReadOnlyList<BookingView>>.Success(list);
    }

    public async Task<AdminResult<BookingView>> GetBookingAsync(Coordinator who, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var booking = await bookings.GetAsync(reference ?? string.Empty, cancellationToken);
        if (booking is null)
        {
            return AdminError.NotFound($"Aucune réservation ne porte la référence « {reference} » (format HD-AAAA-NNNN ou PN-AAAA-NNNN).");
        }

        var view = await ViewAsync(booking, await SpeakerMapAsync(cancellationToken), cancellationToken);
        return view.IsVisibleTo(who) ? AdminResult<BookingView>.Success(view) : OutsideRegions(who, view);
    }

    /// <summary>Accepts on a speaker's behalf (she answered by phone): her invited seat becomes accepted, as by her link.</summary>
    public Task<AdminResult<BookingView>> ConfirmAsync(Coordinator who, string reference, string? speakerId, CancellationToken cancellationToken = default) =>
        ChangeBookingAsync(who, reference, "booking.confirm", view => SeatAllowed(who, view, speakerId), (current, _, _, managed) =>
            PickSeat(current, speakerId, SeatStatus.Invited, managed) is { } seat
                ? BookingTransitions.Accept(current, seat.Number, time.GetUtcNow())
                : BookingTransition.Block(TransitionBlock.NotPending),
            current => NotAwaiting(current, speakerId), cancellationToken);

    /// <summary>Declines on a speaker's behalf, as by her link: a classroom visit ends declined; a panel invites its next free standby.</summary>
    public Task<AdminResult<BookingView>> DeclineAsync(Coordinator who, string reference, string? speakerId, CancellationToken cancellationToken = default) =>
        ChangeBookingAsync(who, reference, "booking.decline", view => SeatAllowed(who, view, speakerId), (current, speakers, view, managed) =>
            PickSeat(current, speakerId, SeatStatus.Invited, managed) is { } seat
                ? BookingTransitions.Decline(current, seat.Number, time.GetUtcNow(), changes.StandIn(current, speakers, view))
                : BookingTransition.Block(TransitionBlock.NotPending),
            current => NotAwaiting(current, speakerId), cancellationToken);

    /// <summary>Cancels the whole booking: only for the coordination of the event's region (or national).</summary>
    public Task<AdminResult<BookingView>> CancelAsync(Coordinator who, string reference, string? reason, CancellationToken cancellationToken = default) =>
        ChangeBookingAsync(who, reference, "booking.cancel", view => view.IsOrganisedBy(who) ? null : NotOrganiser(who, view), (current, _, _, _) =>
            BookingTransitions.Cancel(current, BookingActor.Coordinator, string.IsNullOrWhiteSpace(reason) ? "annulée par la coordination" : reason),
            current => Refusal($"{current.Reference} ne peut plus être annulée (statut : {Status(current.Status)})."), cancellationToken);

    /// <summary>Gives a seat to another speaker, who is invited; the rules (availability, overlap, monthly cap) are checked again.</summary>
    public async Task<AdminResult<BookingView>> ReassignAsync(Coordinator who, string reference, string? fromSpeakerId, string toSpeakerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var next = string.IsNullOrWhiteSpace(toSpeakerId) ? null : await speakers.GetAsync(toSpeakerId.Trim(), cancellationToken);
        if (next is null)
        {
            return AdminError.Invalid("speakerId", $"Aucune intervenante n'a l'identifiant « {toSpeakerId} » : indiquez l'identifiant de la remplaçante (speakerId).");
        }

        if (!who.Covers(next.Region))
        {
            return OutsideRegions(who, next.Region);
        }

        var rules = changes.Rules;
        return await ChangeBookingAsync(who, reference, "booking.reassign", view => SeatAllowed(who, view, fromSpeakerId), (current, _, view, managed) =>
        {
            var seat = fromSpeakerId is null
                ? current.Seats.Where(s => s.Role == SeatRole.Seat && managed(s.SpeakerId)).OrderBy(s => s.HoldsSlot ? 1 : 0).ThenBy(s => s.Number).FirstOrDefault()
                : current.SeatOf(fromSpeakerId);
            var (from, to) = BookingRules.MonthOf(current.Date);
            return BookingTransitions.Reassign(current, seat?.Number ?? 0, next.Id, time.GetUtcNow(), () =>
                rules.CheckSpeaker(next, current.Date, current.Start, current.DurationMinutes, current.Format,
                    current.Kind == BookingKind.ClassroomVisit ? current.Requester : null, view.ActiveBookingsOfSpeaker(next.Id, from, to), current.Reference));
        }, (current, why) => why switch
        {
            TransitionBlock.NoSuchSeat => Refusal(fromSpeakerId is null
                ? $"Aucune place de {current.Reference} ne revient à une intervenante de vos régions."
                : $"{fromSpeakerId} n'intervient pas dans {current.Reference}."),
            TransitionBlock.AlreadyOnBooking => Refusal($"{next.FullName} participe déjà à {current.Reference}."),
            _ => Refusal($"{current.Reference} ne peut plus changer d'intervenante (statut : {Status(current.Status)})."),
        }, cancellationToken);
    }

    /// <summary>Requests left without a taker: left unmatched in the chat, declined or expired, or waiting longer than the configured number of days.</summary>
    public async Task<IReadOnlyList<UnfilledRequest>> UnfilledAsync(Coordinator who, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var speakers = await SpeakerMapAsync(cancellationToken);
        var views = await AllBookingsAsync([BookingStatus.Requested, BookingStatus.Declined, BookingStatus.Expired, BookingStatus.Unmatched], cancellationToken);
        var now = time.GetUtcNow();
        var today = FrenchTime.Today(time);
        var requestCounts = RequestCounts(views.Select(v => v.Booking));
        var result = new List<UnfilledRequest>();
        foreach (var view in views.Where(v => v.IsVisibleTo(who) && v.Booking.Date >= today))
        {
            var b = view.Booking;
            var waiting = (int)Math.Floor((now - b.CreatedAt).TotalDays);
            string reason;
            if (b.Status == BookingStatus.Unmatched)
            {
                reason = "aucune intervenante ne convenait (demande laissée sur le chat)";
            }
            else if (b.Status == BookingStatus.Declined)
            {
                reason = "déclinée";
            }
            else if (b.Status == BookingStatus.Expired)
            {
                reason = "sans réponse (expirée)";
            }
            else if (waiting >= Options.UnansweredDays)
            {
                reason = $"sans réponse depuis {waiting} jours";
            }
            else
            {
                continue;
            }

            var taken = b.Seats.Select(s => s.SpeakerId).ToHashSet(StringComparer.Ordinal);

            // A replacement she could actually give the seat to: from the event's region when it is hers, else from
            // the regions of her own speakers on it.
            var near = view.IsOrganisedBy(who) && view.Region is not null
                ? new HashSet<string>(StringComparer.Ordinal) { view.Region }
                : view.SpeakerRegions.Values.Where(who.Covers).ToHashSet(StringComparer.Ordinal);
            var suggestion = speakers.Values
                .Where(s => s.Status == SpeakerStatus.Approved && !taken.Contains(s.Id) && s.Sector == view.Sector && near.Contains(s.Region) && who.Covers(s.Region))
                .OrderBy(s => requestCounts.GetValueOrDefault(s.Id))
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            result.Add(new UnfilledRequest(view, reason, waiting, suggestion?.WithoutContact()));
        }

        return result;
    }

    /// <summary>All bookings with their speakers' region, sector and network (used by lists and the dashboard).</summary>
    public async Task<IReadOnlyList<BookingView>> AllBookingsAsync(IReadOnlyList<BookingStatus>? statuses = null, CancellationToken cancellationToken = default)
    {
        var speakers = await SpeakerMapAsync(cancellationToken);
        var views = new List<BookingView>();
        foreach (var status in statuses ?? AllStatuses)
        {
            foreach (var booking in await bookings.ListByStatusAsync(status, cancellationToken))
            {
                views.Add(await ViewAsync(booking, speakers, cancellationToken));
            }
        }

        return views;
    }

    public async Task<Dictionary<string, Speaker>> SpeakerMapAsync(CancellationToken cancellationToken = default)
    {
        var map = new Dictionary<string, Speaker>(StringComparer.Ordinal);
        await foreach (var speaker in speakers.ReadAllAsync(cancellationToken))
        {
            map[speaker.Id] = speaker;
        }

        return map;
    }

    internal static Dictionary<string, int> RequestCounts(IEnumerable<Booking> all)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var seat in all.SelectMany(b => b.Seats.Where(s => s.Status != SeatStatus.Waiting)))
        {
            counts[seat.SpeakerId] = counts.GetValueOrDefault(seat.SpeakerId) + 1;
        }

        return counts;
    }

    /// <summary>Writes an audit entry; contact details never go into the log.</summary>
    public Task AuditAsync(string actor, string action, string target, object? before, object? after, CancellationToken cancellationToken = default) =>
        audit.AppendAuditAsync(new AuditEntry
        {
            Actor = actor,
            Action = action,
            Target = target,
            At = time.GetUtcNow(),
            BeforeJson = Describe(before),
            AfterJson = Describe(after),
        }, cancellationToken);

    private Task<AdminResult<BookingView>> ChangeBookingAsync(
        Coordinator who,
        string reference,
        string action,
        Func<BookingView, AdminError?> authorise,
        Func<Booking, IReadOnlyDictionary<string, Speaker>, IBookingTransactionView, Func<string, bool>, BookingTransition> transition,
        Func<Booking, BookingRefusal> blocked,
        CancellationToken cancellationToken) =>
        ChangeBookingAsync(who, reference, action, authorise, transition, (current, _) => blocked(current), cancellationToken);

    private async Task<AdminResult<BookingView>> ChangeBookingAsync(
        Coordinator who,
        string reference,
        string action,
        Func<BookingView, AdminError?> authorise,
        Func<Booking, IReadOnlyDictionary<string, Speaker>, IBookingTransactionView, Func<string, bool>, BookingTransition> transition,
        Func<Booking, TransitionBlock, BookingRefusal> blocked,
        CancellationToken cancellationToken)
    {
        var found = await GetBookingAsync(who, reference, cancellationToken);
        if (!found.Ok)
        {
            return found;
        }

        if (authorise(found.Value!) is { } denied)
        {
            return denied;
        }

        var before = found.Value!.Booking;
        // The confirmation and invitation mails carry signed links; the signing key is loaded once from the database.
        await links.ReadyAsync(cancellationToken);
        var speakers = await SpeakerMapAsync(cancellationToken);
        // Seats she may answer for, judged on the regions as they are now (a speaker may have moved since the booking).
        var organiser = found.Value!.IsOrganisedBy(who);
        bool Managed(string speakerId) => organiser || (speakers.TryGetValue(speakerId, out var sp) && who.Covers(sp.Region));
        var result = await bookings.UpdateAsync(
            before.Reference,
            (current, view) => changes.ToChange(transition(current, speakers, view, Managed), speakers, why => blocked(current, why)),
            cancellationToken);
        if (result.Refusal is not null)
        {
            return AdminError.Conflict(result.Refusal.French);
        }

        await AuditAsync(who.Actor, action, "booking:" + before.Reference, before, result.Booking, cancellationToken);
        return AdminResult<BookingView>.Success(await ViewAsync(result.Booking!, speakers, cancellationToken));
    }

    private static Task<BookingView> ViewAsync(Booking booking, IReadOnlyDictionary<string, Speaker> speakers, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var first = booking.Seats.Where(s => s.Role == SeatRole.Seat).Select(s => speakers.GetValueOrDefault(s.SpeakerId)).FirstOrDefault(s => s is not null);
        var names = booking.Seats.Where(s => s.Role == SeatRole.Seat).Select(s => speakers.TryGetValue(s.SpeakerId, out var sp) ? sp.FullName : s.SpeakerId).ToList();

        // A standby has not been asked anything (a promoted one becomes a seat): her region gives no hand on the booking.
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seat in booking.Seats.Where(s => s.Role == SeatRole.Seat))
        {
            if (speakers.TryGetValue(seat.SpeakerId, out var sp))
            {
                regions[seat.SpeakerId] = sp.Region;
            }
        }

        return Task.FromResult(new BookingView(booking, booking.Region ?? first?.Region, first?.Sector ?? booking.Sector, first?.Network, names) { SpeakerRegions = regions });
    }

    private static BookingSeat? PickSeat(Booking booking, string? speakerId, SeatStatus status, Func<string, bool> managed) =>
        booking.Seats.FirstOrDefault(s => s.Role == SeatRole.Seat && s.Status == status && (speakerId is null ? managed(s.SpeakerId) : s.SpeakerId == speakerId));

    /// <summary>A named seat must be one she manages; without a name, the action picks among the seats she manages.</summary>
    private static AdminError? SeatAllowed(Coordinator who, BookingView view, string? speakerId)
    {
        if (speakerId is null || view.IsSeatManagedBy(who, speakerId))
        {
            return null;
        }

        var region = view.SpeakerRegions.GetValueOrDefault(speakerId);
        return AdminError.Forbidden(region is null
            ? $"Vous coordonnez {string.Join(", ", who.Regions)} ; {speakerId} n'intervient pas dans {view.Booking.Reference} et l'événement se tient en {view.Region ?? "région inconnue"}. Demandez à la coordination de cette région ou nationale."
            : $"Vous coordonnez {string.Join(", ", who.Regions)} ; la place de {speakerId} dans {view.Booking.Reference} relève de la région {region} (intervenante) et l'événement se tient en {view.Region}. Demandez à l'une de ces coordinations ou à la coordination nationale.");
    }

    private static AdminError NotOrganiser(Coordinator who, BookingView view) =>
        AdminError.Forbidden($"Vous coordonnez {string.Join(", ", who.Regions)} ; {view.Booking.Reference} se tient en {view.Region ?? "région inconnue"}, c'est à cette coordination (ou à la nationale) de l'annuler. Vous pouvez confirmer, décliner ou remplacer les places de vos intervenantes.");

    private static AdminResult<Speaker> Apply(Speaker speaker, SpeakerInput input)
    {
        foreach (var (field, value) in new[] { ("firstName", input.FirstName), ("lastName", input.LastName) })
        {
            if (PersonName.ForbiddenCharacter(value) is { } bad)
            {
                return AdminError.Invalid(field, $"« {PersonName.Describe(bad)} » n'est pas accepté dans un nom : ni {PersonName.ForbiddenMarkup}, ni retour à la ligne ou tabulation (champ {field}).").Coded(AdminCodes.BadName, PersonName.Describe(bad), PersonName.ForbiddenMarkup, field);
            }
        }

        var region = input.Region?.Trim().ToLowerInvariant();
        if (region is not null && !Taxonomy.IsRegion(region))
        {
            return UnknownRegion(region);
        }

        var sector = input.Sector?.Trim().ToLowerInvariant();
        if (sector is not null && !Taxonomy.IsSector(sector))
        {
            var suggestion = Taxonomy.Suggest(sector, Taxonomy.Sectors);
            return AdminError.Invalid("sector", $"Le secteur « {sector} » est inconnu{(suggestion is null ? string.Empty : $" ; vouliez-vous dire « {suggestion} » ?")} Secteurs possibles : {string.Join(", ", Taxonomy.Sectors)}.")
                .Coded(suggestion is null ? AdminCodes.UnknownSector : AdminCodes.UnknownSectorSuggest, sector, string.Join(", ", Taxonomy.Sectors), suggestion);
        }

        var formats = Slugs(input.Formats);
        if (formats?.FirstOrDefault(f => !Taxonomy.IsFormat(f)) is { } badFormat)
        {
            return AdminError.Invalid("formats", $"Le format « {badFormat} » est inconnu : attendu {string.Join(", ", Taxonomy.Formats)}.").Coded(AdminCodes.UnknownFormat, badFormat, string.Join(", ", Taxonomy.Formats));
        }

        var audiences = Slugs(input.Audiences);
        if (audiences?.FirstOrDefault(a => !Taxonomy.IsAudience(a)) is { } badAudience)
        {
            return AdminError.Invalid("audiences", $"Le public « {badAudience} » est inconnu : attendu {string.Join(", ", Taxonomy.Audiences)}.").Coded(AdminCodes.UnknownAudience, badAudience, string.Join(", ", Taxonomy.Audiences));
        }

        if (input.Department is { } department && !string.IsNullOrWhiteSpace(department) && !Taxonomy.IsDepartment(department.Trim()))
        {
            return AdminError.Invalid("department", $"Le département « {department} » n'existe pas : attendu un code comme 31, 2A ou 974.").Coded(AdminCodes.UnknownDepartment, department);
        }

        if (!string.IsNullOrWhiteSpace(input.Email) && !BookingService.IsEmail(input.Email))
        {
            return AdminError.Invalid("email", $"« {input.Email} » n'est pas une adresse e-mail valide.").Coded(AdminCodes.BadEmail, input.Email);
        }

        if (input.MonthlyCap is < 0 or > 40)
        {
            return AdminError.Invalid("monthlyCap", $"Le plafond mensuel doit être entre 0 et 40 demandes ; reçu {input.MonthlyCap}.").Coded(AdminCodes.BadMonthlyCap, input.MonthlyCap);
        }

        var contact = speaker.Contact;
        if (input.Email is not null || input.Phone is not null)
        {
            contact = new ContactDetails(
                input.Email is null ? contact?.Email : NullIfBlank(input.Email),
                input.Phone is null ? contact?.Phone : NullIfBlank(input.Phone));
        }

        return AdminResult<Speaker>.Success(speaker with
        {
            FirstName = Trimmed(input.FirstName) ?? speaker.FirstName,
            LastName = Trimmed(input.LastName) ?? speaker.LastName,
            Headline = Trimmed(input.Headline) ?? speaker.Headline,
            Employer = input.Employer is null ? speaker.Employer : NullIfBlank(input.Employer),
            Sector = sector ?? speaker.Sector,
            Region = region ?? speaker.Region,
            Department = input.Department is null ? speaker.Department : NullIfBlank(input.Department),
            City = input.City is null ? speaker.City : NullIfBlank(input.City),
            Topics = input.Topics is null ? speaker.Topics : [.. input.Topics.Select(t => t.Trim()).Where(t => t.Length > 0)],
            Formats = formats ?? speaker.Formats,
            Audiences = audiences ?? speaker.Audiences,
            Languages = Slugs(input.Languages) ?? speaker.Languages,
            Network = input.Network is null ? speaker.Network : NullIfBlank(input.Network),
            Bio = input.Bio is null ? speaker.Bio : NullIfBlank(input.Bio),
            MonthlyCap = input.MonthlyCap ?? speaker.MonthlyCap,
            Contact = contact is { Email: null, Phone: null } ? null : contact,
        });
    }

    private static List<string>? Slugs(IReadOnlyList<string>? values) =>
        values is null ? null : [.. values.Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool Matches(Speaker speaker, string text) =>
        speaker.FullName.Contains(text, StringComparison.OrdinalIgnoreCase)
        || speaker.Headline.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (speaker.Employer?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || speaker.Id.Equals(text, StringComparison.OrdinalIgnoreCase);

    private static string Target(Speaker speaker) => "speaker:" + speaker.Id;

    private static string Status(BookingStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static BookingRefusal Refusal(string french) => new("admin", french, french);

    private static BookingRefusal NotAwaiting(Booking current, string? speakerId) =>
        Refusal($"{current.Reference} n'attend pas de réponse{(speakerId is null ? string.Empty : $" de {speakerId}")} (statut : {Status(current.Status)}).");

    private static string? Describe(object? value) => value switch
    {
        null => null,
        Speaker s => JsonSerializer.Serialize(s.WithoutContact(), Json),
        Booking b => JsonSerializer.Serialize(new
        {
            b.Reference,
            b.Status,
            b.Date,
            b.Start,
            seats = b.Seats.Select(s => new { s.Number, s.SpeakerId, s.Role, s.Status }),
            b.CancelReason,
        }, Json),
        _ => JsonSerializer.Serialize(value, Json),
    };

    private static AdminError UnknownRegion(string region)
    {
        var suggestion = Taxonomy.Suggest(region, Taxonomy.Regions);
        return AdminError.Invalid("region", $"La région « {region} » est inconnue{(suggestion is null ? string.Empty : $" ; vouliez-vous dire « {suggestion} » ?")} Régions possibles : {string.Join(", ", Taxonomy.Regions)}.")
            .Coded(suggestion is null ? AdminCodes.UnknownRegion : AdminCodes.UnknownRegionSuggest, region, string.Join(", ", Taxonomy.Regions), suggestion);
    }

    private static AdminError OutsideRegions(Coordinator who, BookingView view) =>
        AdminError.Forbidden($"Vous coordonnez {string.Join(", ", who.Regions)} ; {view.Booking.Reference} concerne {(view.Regions.Count == 0 ? "aucune région connue" : string.Join(", ", view.Regions))}. Demandez à la coordination nationale.");

    private static AdminError OutsideRegions(Coordinator who, string? region) =>
        AdminError.Forbidden($"Vous coordonnez {string.Join(", ", who.Regions)} ; {(region is null ? "cet élément n'est rattaché à aucune région" : $"cet élément relève de la région {region}")}. Demandez à la coordination nationale.")
            .Coded(region is null ? AdminCodes.OutsideNoRegion : AdminCodes.OutsideRegion, string.Join(", ", who.Regions), region);

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
