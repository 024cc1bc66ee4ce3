using System.Net.Mail;
using Microsoft.Extensions.Logging;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Bookings;

/// <summary>
/// What the dialogs, the host's link pages and the background jobs call. Every change goes through one
/// store transaction that re-checks the rules against committed data, so concurrent requests cannot
/// both win, and writes its e-mails in the same transaction.
/// </summary>
public sealed class BookingService(
    IBookingStore store,
    ISpeakerStore speakers,
    BookingRules rules,
    BookingMails mails,
    BookingLinks links,
    TimeProvider time,
    ILogger<BookingService> logger,
    BookingRequestCounts fairness,
    ISpeakerSearch search,
    BookingChat? chat = null,
    SoonAvailability? soon = null)
{
    public const int MaxPupils = 40;
    public const int MaxPanelSeats = 6;

    private static readonly HashSet<string> SlotCodes = new(StringComparer.Ordinal)
    {
        "too-soon", "weekend", "closed", "outside-hours", "unavailable", "overlap", "monthly-cap", "slot-taken",
    };

    private readonly BookingChanges _changes = new(rules, mails);

    public BookingRules Rules => rules;

    public async Task<BookingOutcome> RequestVisitAsync(VisitRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = CheckVisitFields(request);
        if (invalid is not null)
        {
            return BookingOutcome.Refused(invalid);
        }

        var speaker = await speakers.GetAsync(request.SpeakerId, cancellationToken);
        if (speaker is null)
        {
            return BookingOutcome.Refused(UnknownSpeaker(request.SpeakerId));
        }

        await links.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var draft = new Booking
        {
            Reference = string.Empty,
            Kind = BookingKind.ClassroomVisit,
            Requester = request.Requester with { Email = request.Requester.Email.Trim() },
            Date = request.Date,
            Start = request.Start,
            DurationMinutes = BookingRules.VisitMinutes,
            Format = request.Format,
            Location = request.Location,
            School = request.School,
            ClassLevel = request.ClassLevel,
            Pupils = request.Pupils,
            Message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim(),
            Seats = [new BookingSeat(1, speaker.Id, SeatRole.Seat, SeatStatus.Invited) { InvitedAt = now }],
        };
        var (from, to) = BookingRules.MonthOf(request.Date);
        // Now the school is known: the holidays of its zone apply, not only those common to every zone.
        var department = rules.Calendar.DepartmentOf(request.School);
        var result = await store.CreateAsync(
            draft,
            idempotencyKey ?? Guid.NewGuid().ToString("N"),
            view => rules.CheckVisit(speaker, request.Date, request.Start, request.Format, draft.Requester, view.ActiveBookingsOfSpeaker(speaker.Id, from, to), department: department),
            booking => [mails.Invitation(booking, speaker, 1), mails.RequestReceived(booking, [speaker])],
            cancellationToken);
        return await OutcomeAsync(result, speaker, request.Format, draft.Requester, request.Date, department, cancellationToken);
    }

    public async Task<BookingOutcome> RequestPanelAsync(PanelRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = CheckPanelFields(request);
        if (invalid is not null)
        {
            return BookingOutcome.Refused(invalid);
        }

        var seatSpeakers = new List<Speaker>();
        foreach (var id in request.SpeakerIds)
        {
            var speaker = await speakers.GetAsync(id, cancellationToken);
            if (speaker is null)
            {
                return BookingOutcome.Refused(UnknownSpeaker(id));
            }

            seatSpeakers.Add(speaker);
        }

        await links.ReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var seats = new List<BookingSeat>();
        var number = 1;
        foreach (var s in seatSpeakers)
        {
            seats.Add(new BookingSeat(number++, s.Id, SeatRole.Seat, SeatStatus.Invited) { InvitedAt = now });
        }

        foreach (var id in request.StandbyIds.Where(id => !request.SpeakerIds.Contains(id)))
        {
            seats.Add(new BookingSeat(number++, id, SeatRole.Standby, SeatStatus.Waiting));
        }

        var draft = new Booking
        {
            Reference = string.Empty,
            Kind = BookingKind.Panel,
            Requester = request.Requester with { Email = request.Requester.Email.Trim() },
            Date = request.Date,
            Start = request.Start,
            DurationMinutes = request.DurationMinutes,
            Format = request.Format,
            Location = request.Location,
            Title = request.Title.Trim(),
            Organisation = request.Organisation.Trim(),
            Region = Taxonomy.IsRegion(request.Region) ? request.Region : null,
            AudienceSize = request.AudienceSize,
            Message = request.Message,
            SeatsWanted = seatSpeakers.Count,
            Seats = seats,
        };
        var (from, to) = BookingRules.MonthOf(request.Date);
        var result = await store.CreateAsync(
            draft,
            idempotencyKey ?? Guid.NewGuid().ToString("N"),
            view => rules.CheckLeadTime(request.Date) ?? seatSpeakers
                .Select(s => rules.CheckSpeaker(s, request.Date, request.Start, request.DurationMinutes, request.Format, null, view.ActiveBookingsOfSpeaker(s.Id, from, to)))
                .FirstOrDefault(r => r is not null),
            booking => [.. seatSpeakers.Select((s, i) => mails.Invitation(booking, s, i + 1)), mails.RequestReceived(booking, seatSpeakers)],
            cancellationToken);
        if (result.Booking is not null && result.Refusal is null)
        {
            Log.BookingCreated(logger, result.Booking.Reference, result.Replayed);
            await fairness.RefreshAsync(cancellationToken);
            await SoonChangedAsync(result.Booking, cancellationToken);
        }

        return new BookingOutcome(result.Refusal is null ? result.Booking : null, result.Refusal, [], result.Replayed);
    }

    /// <summary>
    /// A request left for the coordination when no speaker fits: stored as an unmatched booking (no seat) with one
    /// e-mail per coordinator in the same transaction, so it is listed as unfilled demand and follows the retention
    /// and erasure rules of every request (decision 107).
    /// </summary>
    public async Task<BookingOutcome> LeaveRequestAsync(Booking draft, IReadOnlyList<string> coordinatorEmails, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(coordinatorEmails);
        var result = await store.CreateAsync(
            draft with { Status = BookingStatus.Unmatched, Seats = [] },
            idempotencyKey,
            _ => null,
            booking => [.. coordinatorEmails.Distinct(StringComparer.OrdinalIgnoreCase).Select(to => mails.UnmatchedRequest(booking, to))],
            cancellationToken);
        if (result.Booking is not null)
        {
            Log.BookingCreated(logger, result.Booking.Reference, result.Replayed);
        }

        return new BookingOutcome(result.Booking, result.Refusal, [], result.Replayed);
    }

    /// <summary>A balanced panel: different employers, sectors mixed, every one free at that time, plus standbys.</summary>
    public async Task<PanelProposal> ProposePanelAsync(PanelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hits = search.Search(new SearchQuery
        {
            Text = query.Text,
            Sectors = query.Sectors,
            Region = query.Region,
            AvailableFrom = query.Date,
            AvailableTo = query.Date,
            Take = 60,
        }).Hits;
        var (from, to) = BookingRules.MonthOf(query.Date);
        var free = new List<Speaker>();
        foreach (var hit in hits)
        {
            if (query.Exclude.Contains(hit.Speaker.Id))
            {
                continue;
            }

            var bookings = await store.ListForSpeakerAsync(hit.Speaker.Id, from, to, cancellationToken);
            if (rules.CheckSpeaker(hit.Speaker, query.Date, query.Start, query.DurationMinutes, query.Format, null, bookings) is null)
            {
                free.Add(hit.Speaker);
            }
        }

        return PanelPlanner.Balance(free, query.Seats, query.Standbys);
    }

    /// <summary>The speaker's next free slots on school days; <paramref name="department"/> is the school's when known.</summary>
    public async Task<IReadOnlyList<BookingSlot>> FreeSlotsAsync(string speakerId, VisitFormat format, int count, DateOnly? from = null, Requester? requester = null, string? department = null, CancellationToken cancellationToken = default)
    {
        var speaker = await speakers.GetAsync(speakerId, cancellationToken);
        return speaker is null ? [] : await FreeSlotsAsync(speaker, format, count, from, requester, null, department, cancellationToken);
    }

    /// <summary>
    /// The speaker's next free slots between <paramref name="from"/> and <paramref name="to"/> (else the slot horizon)
    /// that <paramref name="accept"/> keeps: the teacher's wish ("le mardi matin", "en fin de journée").
    /// </summary>
    public async Task<IReadOnlyList<BookingSlot>> FreeSlotsWithinAsync(string speakerId, VisitFormat format, int count, DateOnly? from, DateOnly? to, Func<BookingSlot, bool>? accept, string? department, CancellationToken cancellationToken = default)
    {
        var speaker = await speakers.GetAsync(speakerId, cancellationToken);
        if (speaker is null)
        {
            return [];
        }

        var first = from is null || from < rules.EarliestDate ? rules.EarliestDate : from.Value;
        var horizon = first.AddDays(rules.Options.SlotHorizonDays);
        var last = to is { } end && end < horizon ? end : horizon;
        if (last < first)
        {
            return [];
        }

        var bookings = await store.ListForSpeakerAsync(speaker.Id, BookingRules.MonthOf(first).From, BookingRules.MonthOf(last).To, cancellationToken);
        return rules.FreeSlots(speaker, format, null, (a, b) => [.. bookings.Where(x => x.Date >= a && x.Date <= b)], count, first, last, null, department, accept);
    }

    /// <summary>Checks a date typed by the user against every rule, without writing anything.</summary>
    public async Task<BookingRefusal?> CheckVisitSlotAsync(string speakerId, DateOnly date, TimeOnly start, VisitFormat format, Requester? requester, string? department = null, CancellationToken cancellationToken = default)
    {
        var speaker = await speakers.GetAsync(speakerId, cancellationToken);
        if (speaker is null)
        {
            return UnknownSpeaker(speakerId);
        }

        var (from, to) = BookingRules.MonthOf(date);
        return rules.CheckVisit(speaker, date, start, format, requester, await store.ListForSpeakerAsync(speakerId, from, to, cancellationToken), department: department);
    }

    public async Task<BookingOutcome> GetStatusAsync(string reference, BookingAccess access, CancellationToken cancellationToken = default)
    {
        var booking = await store.GetAsync(Normalise(reference), cancellationToken);
        var denied = await CheckAccessAsync(booking, reference, access, cancellationToken);
        return denied is not null ? BookingOutcome.Refused(denied) : new BookingOutcome(booking, null, []);
    }

    public Task<IReadOnlyList<Booking>> ListMineAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.ListForRequesterAsync(userKey, cancellationToken);

    /// <summary>Sends a 6-digit code to the e-mail on file; returns that address masked, or null when unknown.</summary>
    public async Task<string?> SendAccessCodeAsync(string reference, CancellationToken cancellationToken = default)
    {
        var booking = await store.GetAsync(Normalise(reference), cancellationToken);
        if (booking is null)
        {
            return null;
        }

        var code = await links.AccessCodeAsync(booking.Reference, booking.Requester.Email, cancellationToken);
        await store.EnqueueAsync([mails.AccessCode(booking, code)], cancellationToken);
        return Mask(booking.Requester.Email);
    }

    public async Task<BookingOutcome> CancelAsync(string reference, BookingAccess access, string reason, CancellationToken cancellationToken = default)
    {
        var booking = await store.GetAsync(Normalise(reference), cancellationToken);
        var denied = await CheckAccessAsync(booking, reference, access, cancellationToken);
        if (denied is not null)
        {
            return BookingOutcome.Refused(denied);
        }

        var seatSpeakers = await SpeakersOfAsync(booking!, cancellationToken);
        var result = await store.UpdateAsync(booking!.Reference, (current, _) =>
            _changes.ToChange(BookingTransitions.Cancel(current, BookingActor.Requester, reason), seatSpeakers, _ => NotCancellable(current)), cancellationToken);
        await SoonChangedAsync(result.Refusal is null ? booking : null, cancellationToken);
        return new BookingOutcome(result.Booking, result.Refusal, []);
    }

    /// <summary>Moves a booking to another date (and time): the rules are checked again and the speakers asked again.</summary>
    /// <param name="fromConversation">The conversation asking, if any: the one where she booked is told of the move unless it is this one.</param>
    public async Task<BookingOutcome> MoveAsync(string reference, BookingAccess access, DateOnly date, TimeOnly? start, CancellationToken cancellationToken = default, string? fromConversation = null)
    {
        var booking = await store.GetAsync(Normalise(reference), cancellationToken);
        var denied = await CheckAccessAsync(booking, reference, access, cancellationToken);
        if (denied is not null)
        {
            return BookingOutcome.Refused(denied);
        }

        await links.ReadyAsync(cancellationToken);
        var seatSpeakers = await SpeakersOfAsync(booking!, cancellationToken);
        var newStart = start ?? booking!.Start;
        var (from, to) = BookingRules.MonthOf(date);
        var now = time.GetUtcNow();
        var result = await store.UpdateAsync(booking!.Reference, (current, view) => _changes.ToChange(
            BookingTransitions.Move(current, date, newStart, now, moved =>
            {
                // Panels are not bound to school days; a visit is, in its school's zone.
                var visit = moved.Kind == BookingKind.ClassroomVisit;
                var timing = visit ? rules.CheckVisitTiming(date, newStart, moved.DurationMinutes, rules.Calendar.DepartmentOf(moved.School)) : rules.CheckLeadTime(date);
                return timing ?? moved.Seats.Where(s => s.Role == SeatRole.Seat && s.HoldsSlot)
                    .Select(s => rules.CheckSpeaker(seatSpeakers[s.SpeakerId], date, newStart, moved.DurationMinutes, moved.Format, visit ? moved.Requester : null, view.ActiveBookingsOfSpeaker(s.SpeakerId, from, to), moved.Reference))
                    .FirstOrDefault(r => r is not null);
            }),
            seatSpeakers,
            _ => NotCancellable(current)), cancellationToken);
        if (result.Refusal is not null && booking.Kind == BookingKind.ClassroomVisit && SlotCodes.Contains(result.Refusal.Code))
        {
            var seat = booking.Seats.First(s => s.Role == SeatRole.Seat);
            var alternatives = await FreeSlotsAsync(seatSpeakers[seat.SpeakerId], booking.Format, 3, date, booking.Requester, booking.Reference, rules.Calendar.DepartmentOf(booking.School), cancellationToken);
            return BookingOutcome.Refused(result.Refusal, alternatives, result.Booking);
        }

        await SoonChangedAsync(result.Refusal is null ? booking : null, cancellationToken);
        if (chat is not null && result.Refusal is null && result.Booking is not null)
        {
            await chat.TellMovedAsync(result.Booking, fromConversation, cancellationToken);
        }

        return new BookingOutcome(result.Booking, result.Refusal, []);
    }

    /// <summary>
    /// The day before each accepted visit, one sentence in the conversation where it was booked (the reminder e-mail
    /// goes too, from the outbox). Run by the lifecycle job; a state mark makes it once per booking and date.
    /// </summary>
    public async Task<int> RemindInChatAsync(CancellationToken cancellationToken = default)
    {
        if (chat is null)
        {
            return 0;
        }

        var tomorrow = FrenchTime.Today(time).AddDays(1);
        var told = 0;
        foreach (var booking in await store.ListByStatusAsync(BookingStatus.Accepted, cancellationToken))
        {
            if (booking.Date == tomorrow && await chat.TellReminderAsync(booking, cancellationToken))
            {
                told++;
            }
        }

        return told;
    }

    /// <summary>
    /// What <see cref="MoveAsync"/> would answer for that date (and time), without writing anything: asked before "Je
    /// déplace … ?" so a weekend, a school holiday or a day the speaker never works is refused at once, with her
    /// nearest free slots when it is a classroom visit.
    /// </summary>
    public async Task<BookingOutcome> CheckMoveAsync(string reference, BookingAccess access, DateOnly date, TimeOnly? start, CancellationToken cancellationToken = default)
    {
        var booking = await store.GetAsync(Normalise(reference), cancellationToken);
        var denied = await CheckAccessAsync(booking, reference, access, cancellationToken);
        if (denied is not null)
        {
            return BookingOutcome.Refused(denied);
        }

        if (booking!.Status is not (BookingStatus.Requested or BookingStatus.Accepted))
        {
            return BookingOutcome.Refused(NotCancellable(booking));
        }

        var seatSpeakers = await SpeakersOfAsync(booking, cancellationToken);
        var newStart = start ?? booking.Start;
        var (from, to) = BookingRules.MonthOf(date);
        var department = rules.Calendar.DepartmentOf(booking.School);
        var visit = booking.Kind == BookingKind.ClassroomVisit;
        var refusal = visit ? rules.CheckVisitTiming(date, newStart, booking.DurationMinutes, department) : rules.CheckLeadTime(date);
        foreach (var seat in booking.Seats.Where(s => s.Role == SeatRole.Seat && s.HoldsSlot && seatSpeakers.ContainsKey(s.SpeakerId)))
        {
            refusal ??= rules.CheckSpeaker(seatSpeakers[seat.SpeakerId], date, newStart, booking.DurationMinutes, booking.Format, visit ? booking.Requester : null, await store.ListForSpeakerAsync(seat.SpeakerId, from, to, cancellationToken), booking.Reference);
        }

        if (refusal is null)
        {
            return new BookingOutcome(booking, null, []);
        }

        var first = booking.Seats.FirstOrDefault(s => s.Role == SeatRole.Seat);
        var alternatives = visit && SlotCodes.Contains(refusal.Code) && first is not null && seatSpeakers.TryGetValue(first.SpeakerId, out var speaker)
            ? await FreeSlotsAsync(speaker, booking.Format, 3, date, booking.Requester, booking.Reference, department, cancellationToken)
            : [];
        return BookingOutcome.Refused(refusal, alternatives, booking);
    }

    /// <summary>What a speaker's link would do, for the confirmation page; consumes nothing.</summary>
    public async Task<(LinkClaim? Claim, Booking? Booking)> PreviewLinkAsync(string? token, CancellationToken cancellationToken = default)
    {
        var claim = await links.ReadAsync(token, cancellationToken);
        if (claim is null || claim.Validity != LinkValidity.Valid)
        {
            return (claim, null);
        }

        return (claim, await store.GetAsync(claim.Reference, cancellationToken));
    }

    /// <summary>Applies a speaker's accept, decline or cancel link once.</summary>
    public async Task<LinkOutcome> RespondAsync(string? token, string? reason = null, CancellationToken cancellationToken = default)
    {
        var claim = await links.ReadAsync(token, cancellationToken);
        var check = CheckClaim(claim);
        if (check is not null)
        {
            return check;
        }

        var booking = await store.GetAsync(claim!.Reference, cancellationToken);
        var seat = booking?.Seat(claim.Seat);
        if (booking is null || seat is null || claim.Action == LinkAction.Feedback)
        {
            return new LinkOutcome(LinkOutcomeKind.Invalid, null, "fr");
        }

        var speaker = await speakers.GetAsync(seat.SpeakerId, cancellationToken);
        var language = speaker is null ? "fr" : BookingMails.LanguageOf(speaker);
        if (!await store.TryConsumeTokenAsync(claim.TokenId, time.GetUtcNow(), cancellationToken))
        {
            return new LinkOutcome(LinkOutcomeKind.AlreadyUsed, booking, language);
        }

        return await AnswerAsync(booking, claim.Seat, claim.Action, reason, language, cancellationToken);
    }

    /// <summary>
    /// A speaker's accept, decline or cancel from her own space (decision 116): the same transitions and e-mails as the
    /// mailed links, for a booking where she holds a seat; another speaker's booking is answered as not found.
    /// </summary>
    public async Task<LinkOutcome> AnswerAsSpeakerAsync(string speakerId, string reference, LinkAction action, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speakerId);
        var booking = string.IsNullOrWhiteSpace(reference) ? null : await store.GetAsync(reference.Trim(), cancellationToken);
        var seat = booking?.Seats.FirstOrDefault(s => s.SpeakerId == speakerId);
        if (booking is null || seat is null || action is not (LinkAction.Accept or LinkAction.Decline or LinkAction.Cancel))
        {
            return new LinkOutcome(LinkOutcomeKind.Invalid, null, "fr");
        }

        var speaker = await speakers.GetAsync(speakerId, cancellationToken);
        var language = speaker is null ? "fr" : BookingMails.LanguageOf(speaker);
        return await AnswerAsync(booking, seat.Number, action, reason, language, cancellationToken);
    }

    private async Task<LinkOutcome> AnswerAsync(Booking booking, int seat, LinkAction action, string? reason, string language, CancellationToken cancellationToken)
    {
        await links.ReadyAsync(cancellationToken);
        var all = await SpeakersOfAsync(booking, cancellationToken, includeStandbys: true);
        var now = time.GetUtcNow();
        var result = await store.UpdateAsync(booking.Reference, (current, view) => _changes.ToChange(
            action switch
            {
                LinkAction.Accept => BookingTransitions.Accept(current, seat, now),
                LinkAction.Decline => BookingTransitions.Decline(current, seat, now, _changes.StandIn(current, all, view)),
                LinkAction.Cancel => BookingTransitions.CancelSeat(current, seat, reason, now, _changes.StandIn(current, all, view)),
                _ => BookingTransition.Block(TransitionBlock.NotPending),
            },
            all,
            _ => NotPending(current)), cancellationToken);
        if (result.Refusal is not null)
        {
            return new LinkOutcome(LinkOutcomeKind.NotPending, result.Booking, language, result.Refusal);
        }

        var kind = action switch
        {
            LinkAction.Accept => LinkOutcomeKind.Accepted,
            LinkAction.Decline => LinkOutcomeKind.Declined,
            _ => LinkOutcomeKind.Cancelled,
        };
        Log.SpeakerResponded(logger, booking.Reference, seat, kind.ToString());
        await SoonChangedAsync(result.Booking, cancellationToken);
        if (chat is not null && result.Booking is not null && booking.Seat(seat) is { } answered)
        {
            await chat.TellAnswerAsync(result.Booking, kind, answered.SpeakerId, cancellationToken);
        }

        return new LinkOutcome(kind, result.Booking, language);
    }

    public async Task<LinkOutcome> SubmitFeedbackAsync(string? token, int pupils, int girls, int satisfaction, CancellationToken cancellationToken = default)
    {
        var claim = await links.ReadAsync(token, cancellationToken);
        var check = CheckClaim(claim);
        if (check is not null)
        {
            return check;
        }

        if (claim!.Action != LinkAction.Feedback)
        {
            return new LinkOutcome(LinkOutcomeKind.Invalid, null, "fr");
        }

        var booking = await store.GetAsync(claim.Reference, cancellationToken);
        if (booking is null)
        {
            return new LinkOutcome(LinkOutcomeKind.Invalid, null, "fr");
        }

        var language = booking.Requester.Language;
        var invalid = CheckFeedback(pupils, girls, satisfaction);
        if (invalid is not null)
        {
            return new LinkOutcome(LinkOutcomeKind.Refused, booking, language, invalid);
        }

        if (!await store.TryConsumeTokenAsync(claim.TokenId, time.GetUtcNow(), cancellationToken))
        {
            return new LinkOutcome(LinkOutcomeKind.AlreadyUsed, booking, language);
        }

        var now = time.GetUtcNow();
        var result = await store.UpdateAsync(booking.Reference, (current, _) =>
            _changes.ToChange(BookingTransitions.RecordFeedback(current, new BookingFeedback(pupils, girls, satisfaction, now), now), new Dictionary<string, Speaker>(), _ => NotPending(current)), cancellationToken);
        return result.Refusal is null
            ? new LinkOutcome(LinkOutcomeKind.FeedbackSaved, result.Booking, language)
            : new LinkOutcome(LinkOutcomeKind.NotPending, result.Booking, language, result.Refusal);
    }

    /// <summary>Invitations without an answer for too long expire; a panel seat passes to the next standby.</summary>
    public async Task<int> ExpireStaleAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var limit = TimeSpan.FromDays(rules.Options.ResponseDays);
        var changed = 0;
        foreach (var booking in await store.ListByStatusAsync(BookingStatus.Requested, cancellationToken))
        {
            var stale = booking.Seats.Where(s => s.Status == SeatStatus.Invited && s.InvitedAt + limit <= now).ToList();
            if (stale.Count == 0)
            {
                continue;
            }

            await links.ReadyAsync(cancellationToken);
            var all = await SpeakersOfAsync(booking, cancellationToken, includeStandbys: true);
            var result = await store.UpdateAsync(booking.Reference, (current, view) =>
                _changes.ToChange(BookingTransitions.ExpireStale(current, now - limit, now, _changes.StandIn(current, all, view)), all, _ => NotPending(current)), cancellationToken);
            if (result.Refusal is null)
            {
                changed++;
                Log.InvitationExpired(logger, booking.Reference);
            }
        }

        return changed;
    }

    /// <summary>Accepted bookings whose hour has passed are marked held.</summary>
    public async Task<int> MarkHeldAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var changed = 0;
        foreach (var booking in await store.ListByStatusAsync(BookingStatus.Accepted, cancellationToken))
        {
            if (booking.EndsAt > now)
            {
                continue;
            }

            var result = await store.UpdateAsync(booking.Reference, (current, _) =>
                _changes.ToChange(BookingTransitions.Hold(current, now), new Dictionary<string, Speaker>(), _ => NotPending(current)), cancellationToken);
            changed += result.Refusal is null ? 1 : 0;
        }

        return changed;
    }

    /// <summary>A short status line for the chat, without anybody's contact details.</summary>
    public async Task<string> DescribeAsync(Booking booking, string? language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var names = new List<string>();
        foreach (var seat in booking.Seats.Where(s => s.Role == SeatRole.Seat))
        {
            var s = await speakers.GetAsync(seat.SpeakerId, cancellationToken);
            names.Add($"{s?.FullName ?? seat.SpeakerId} ({SeatText(seat.Status, language)})");
        }

        var status = StatusText(booking.Status, language);
        return BookingText.Pick(language,
            $"{booking.Reference} — {BookingText.DateTime(language, booking.Date, booking.Start)} : {status}. {string.Join(", ", names)}.",
            $"{booking.Reference} — {BookingText.DateTime(language, booking.Date, booking.Start)}: {status}. {string.Join(", ", names)}.");
    }

    public static string StatusText(BookingStatus status, string? language) => status switch
    {
        BookingStatus.Requested => BookingText.Pick(language, "demandée, en attente de réponse", "requested, awaiting an answer"),
        BookingStatus.Accepted => BookingText.Pick(language, "confirmée", "confirmed"),
        BookingStatus.Declined => BookingText.Pick(language, "déclinée", "declined"),
        BookingStatus.Expired => BookingText.Pick(language, "expirée sans réponse", "expired without an answer"),
        BookingStatus.Held => BookingText.Pick(language, "a eu lieu", "held"),
        BookingStatus.FeedbackReceived => BookingText.Pick(language, "a eu lieu, bilan reçu", "held, feedback received"),
        BookingStatus.Unmatched => BookingText.Pick(language, "transmise à la coordination, sans intervenante pour l'instant", "passed to the coordination, no speaker yet"),
        _ => BookingText.Pick(language, "annulée", "cancelled"),
    };

    private static string SeatText(SeatStatus status, string? language) => status switch
    {
        SeatStatus.Invited => BookingText.Pick(language, "invitée", "invited"),
        SeatStatus.Accepted => BookingText.Pick(language, "a accepté", "accepted"),
        SeatStatus.Declined => BookingText.Pick(language, "a décliné", "declined"),
        SeatStatus.Expired => BookingText.Pick(language, "sans réponse", "no answer"),
        SeatStatus.Cancelled => BookingText.Pick(language, "annulé", "cancelled"),
        _ => BookingText.Pick(language, "remplaçante", "standby"),
    };

    private async Task<BookingOutcome> OutcomeAsync(BookingWriteResult result, Speaker speaker, VisitFormat format, Requester requester, DateOnly date, string? department, CancellationToken cancellationToken)
    {
        if (result.Refusal is null)
        {
            Log.BookingCreated(logger, result.Booking!.Reference, result.Replayed);
            await fairness.RefreshAsync(cancellationToken);
            await SoonChangedAsync(result.Booking, cancellationToken);
            return new BookingOutcome(result.Booking, null, [], result.Replayed);
        }

        Log.BookingRefused(logger, result.Refusal.Code);
        var alternatives = SlotCodes.Contains(result.Refusal.Code)
            ? await FreeSlotsAsync(speaker, format, 3, result.Refusal.Code is "monthly-cap" ? null : date, requester, null, department, cancellationToken)
            : [];
        if (alternatives.Count == 0 && SlotCodes.Contains(result.Refusal.Code))
        {
            alternatives = await FreeSlotsAsync(speaker, format, 3, null, requester, null, department, cancellationToken);
        }

        return BookingOutcome.Refused(result.Refusal, alternatives);
    }

    private async Task<IReadOnlyList<BookingSlot>> FreeSlotsAsync(Speaker speaker, VisitFormat format, int count, DateOnly? from, Requester? requester, string? ignoreReference, string? department, CancellationToken cancellationToken)
    {
        var first = from is null || from < rules.EarliestDate ? rules.EarliestDate : from.Value;
        var last = first.AddDays(rules.Options.SlotHorizonDays);
        var (monthFrom, _) = BookingRules.MonthOf(first);
        var (_, monthTo) = BookingRules.MonthOf(last);
        var bookings = await store.ListForSpeakerAsync(speaker.Id, monthFrom, monthTo, cancellationToken);
        return rules.FreeSlots(speaker, format, requester, (a, b) => [.. bookings.Where(x => x.Date >= a && x.Date <= b)], count, first, last, ignoreReference, department);
    }

    /// <summary>Judges again, at once, whether the booking's speakers can be proposed "as soon as possible".</summary>
    private async Task SoonChangedAsync(Booking? booking, CancellationToken cancellationToken)
    {
        if (soon is null || booking is null)
        {
            return;
        }

        foreach (var id in booking.Seats.Select(s => s.SpeakerId).Distinct(StringComparer.Ordinal))
        {
            await soon.RefreshAsync(id, cancellationToken);
        }
    }

    private async Task<Dictionary<string, Speaker>> SpeakersOfAsync(Booking booking, CancellationToken cancellationToken, bool includeStandbys = false)
    {
        var found = new Dictionary<string, Speaker>(StringComparer.Ordinal);
        foreach (var seat in booking.Seats.Where(s => includeStandbys || s.Role == SeatRole.Seat))
        {
            if (!found.ContainsKey(seat.SpeakerId) && await speakers.GetAsync(seat.SpeakerId, cancellationToken) is { } s)
            {
                found[s.Id] = s;
            }
        }

        return found;
    }

    private async Task<BookingRefusal?> CheckAccessAsync(Booking? booking, string reference, BookingAccess access, CancellationToken cancellationToken)
    {
        if (booking is null)
        {
            return new BookingRefusal(
                "not-found",
                $"Je ne trouve aucune réservation {reference.Trim()} ; vérifiez la référence (par exemple HD-2026-0042).",
                $"I cannot find any booking {reference.Trim()}; check the reference (for example HD-2026-0042).");
        }

        if (booking.Requester.UserKey == access.UserKey
            || await links.CheckAccessCodeAsync(booking.Reference, booking.Requester.Email, access.Code, cancellationToken))
        {
            return null;
        }

        return new BookingRefusal(
            "not-owner",
            $"{booking.Reference} n'a pas été demandée depuis cette conversation ; je peux envoyer un code à l'adresse e-mail de la demande ({Mask(booking.Requester.Email)}) pour prouver que c'est la vôtre.",
            $"{booking.Reference} was not requested from this conversation; I can send a code to the request's e-mail address ({Mask(booking.Requester.Email)}) to prove it is yours.");
    }

    private static LinkOutcome? CheckClaim(LinkClaim? claim) => claim switch
    {
        null => new LinkOutcome(LinkOutcomeKind.Invalid, null, "fr"),
        { Validity: LinkValidity.Tampered } => new LinkOutcome(LinkOutcomeKind.Invalid, null, "fr"),
        { Validity: LinkValidity.Expired } => new LinkOutcome(LinkOutcomeKind.Expired, null, "fr"),
        _ => null,
    };

    private static BookingRefusal? CheckVisitFields(VisitRequest r)
    {
        if (r.Pupils is < 1 or > MaxPupils)
        {
            return Field("pupils", $"Le nombre d'élèves doit être entre 1 et {MaxPupils} (une classe) ; vous avez indiqué {r.Pupils}.", $"The number of pupils must be between 1 and {MaxPupils} (one class); you gave {r.Pupils}.");
        }

        if (string.IsNullOrWhiteSpace(r.School.Name) || (string.IsNullOrWhiteSpace(r.School.City) && string.IsNullOrWhiteSpace(r.School.Uai)))
        {
            return Field("school", "Il me faut le nom et la ville de l'établissement, ou son code UAI (7 chiffres et une lettre).", "I need the school's name and city, or its UAI code (7 digits and a letter).");
        }

        if (string.IsNullOrWhiteSpace(r.ClassLevel))
        {
            return Field("class-level", "Il me faut le niveau de la classe (par exemple 4e, seconde, BTS).", "I need the class level (for example 4e, seconde, BTS).");
        }

        if (r.Format == VisitFormat.Online && !string.IsNullOrWhiteSpace(r.Location) && !Uri.TryCreate(r.Location, UriKind.Absolute, out _))
        {
            return Field("location", "Le lien de la visio doit être une adresse complète, commençant par https://.", "The online meeting link must be a full address starting with https://.");
        }

        return CheckRequester(r.Requester);
    }

    private static BookingRefusal? CheckPanelFields(PanelRequest r)
    {
        if (r.SpeakerIds.Count is < 1 or > MaxPanelSeats || r.SpeakerIds.Distinct().Count() != r.SpeakerIds.Count)
        {
            return Field("seats", $"Un panel compte de 1 à {MaxPanelSeats} intervenantes différentes ; vous en avez choisi {r.SpeakerIds.Count}.", $"A panel has 1 to {MaxPanelSeats} different speakers; you chose {r.SpeakerIds.Count}.");
        }

        if (string.IsNullOrWhiteSpace(r.Title) || string.IsNullOrWhiteSpace(r.Organisation) || string.IsNullOrWhiteSpace(r.Location))
        {
            return Field("event", "Il me faut le titre de l'événement, l'organisation et le lieu (ou le lien de la visio).", "I need the event's title, the organisation and the venue (or the online link).");
        }

        if (r.AudienceSize is < 1 or > 5000)
        {
            return Field("audience", "Le public attendu doit être entre 1 et 5000 personnes.", "The expected audience must be between 1 and 5000 people.");
        }

        if (r.DurationMinutes is < 30 or > 240)
        {
            return Field("duration", "Un panel dure entre 30 minutes et 4 heures.", "A panel lasts between 30 minutes and 4 hours.");
        }

        return CheckRequester(r.Requester);
    }

    public static BookingRefusal? CheckRequester(Requester requester)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (string.IsNullOrWhiteSpace(requester.Name))
        {
            return Field("name", "Il me faut votre nom, pour que l'intervenante sache qui l'invite.", "I need your name, so the speaker knows who invites her.");
        }

        return IsEmail(requester.Email) ? null : Field("email", $"« {requester.Email} » n'est pas une adresse e-mail valide (exemple : prenom.nom@ac-toulouse.fr).", $"\"{requester.Email}\" is not a valid e-mail address (example: first.last@school.org).");
    }

    public static BookingRefusal? CheckFeedback(int pupils, int girls, int satisfaction)
    {
        if (pupils is < 0 or > 1000 || girls < 0 || girls > pupils)
        {
            return Field("pupils-reached", "Le nombre de filles ne peut pas dépasser le nombre d'élèves touchés.", "The number of girls cannot exceed the number of pupils reached.");
        }

        return satisfaction is < 1 or > 5 ? Field("satisfaction", "La satisfaction se note de 1 à 5.", "Satisfaction is rated from 1 to 5.") : null;
    }

    public static bool IsEmail(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.') && MailAddress.TryCreate(text, out _);
    }

    private static BookingRefusal Field(string field, string french, string english) => new("invalid-" + field, french, english);

    private static BookingRefusal UnknownSpeaker(string id) => new(
        "unknown-speaker",
        $"Je ne trouve pas l'intervenante « {id} » dans l'annuaire ; relancez une recherche pour la retrouver.",
        $"I cannot find speaker \"{id}\" in the directory; search again to find her.");

    private static BookingRefusal NotCancellable(Booking b) => new(
        "not-changeable",
        $"{b.Reference} est {StatusText(b.Status, "fr")} : elle ne peut plus être modifiée ni annulée.",
        $"{b.Reference} is {StatusText(b.Status, "en")}: it can no longer be changed or cancelled.");

    private static BookingRefusal NotPending(Booking b) => new(
        "not-pending",
        $"Cette demande a déjà reçu une réponse ({StatusText(b.Status, "fr")}).",
        $"This request was already answered ({StatusText(b.Status, "en")}).");

    private static string Normalise(string reference) => BookingReference.Find(reference) ?? reference.Trim().ToUpperInvariant();

    private static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "***" + email[Math.Max(at, 0)..] : email[0] + new string('*', Math.Min(at - 1, 5)) + email[at..];
    }
}
