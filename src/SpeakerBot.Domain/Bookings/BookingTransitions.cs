namespace SpeakerBot.Domain;

/// <summary>Who ends a booking: it decides who is told and how the notice is worded.</summary>
public enum BookingActor
{
    /// <summary>The teacher or organiser who asked.</summary>
    Requester,

    /// <summary>A speaker, by her cancel link.</summary>
    Speaker,

    /// <summary>A coordinator, through the admin API or the chat.</summary>
    Coordinator,
}

/// <summary>Why a transition does not apply to the booking as it is now.</summary>
public enum TransitionBlock
{
    /// <summary>The seat is not waiting for an answer, or the booking no longer is.</summary>
    NotPending,

    /// <summary>The booking is past the point where it can be moved, cancelled or given to someone else.</summary>
    NotChangeable,

    /// <summary>The booking has no such seat.</summary>
    NoSuchSeat,

    /// <summary>The speaker proposed for a seat already holds one in this booking.</summary>
    AlreadyOnBooking,
}

/// <summary>Why the coordination is alerted.</summary>
public enum CoordinationAlert
{
    /// <summary>A classroom visit expired without an answer from the speaker.</summary>
    VisitExpired,

    /// <summary>A panel lost a seat and no standby is left to take it.</summary>
    PanelShort,
}

/// <summary>Something a transition asks the caller to do once the new booking is written (each becomes an e-mail).</summary>
public abstract record BookingEffect;

/// <summary>Ask the speaker of this seat (accept and decline links).</summary>
public sealed record InviteSpeaker(int Seat, string SpeakerId) : BookingEffect;

/// <summary>Every seat accepted: contacts both ways, the calendar invitation (SEQUENCE = the new version), reminders.</summary>
public sealed record AnnounceConfirmed(IReadOnlyList<string> SpeakerIds) : BookingEffect;

/// <summary>Tell the requester that the speaker of a classroom visit declined it or let it expire.</summary>
public sealed record TellVisitLost(string SpeakerId, bool Expired) : BookingEffect;

/// <summary>Tell a panel's organiser that a seat was lost and who, if anyone, was invited in her place.</summary>
public sealed record TellSeatChanged(string GoneSpeakerId, string? PromotedSpeakerId, bool Expired) : BookingEffect;

/// <summary>Tell a speaker whose invited or accepted seat the coordination gave to another speaker that she is no longer expected.</summary>
public sealed record TellSeatReleased(string SpeakerId) : BookingEffect;

/// <summary>Alert the coordination.</summary>
public sealed record AlertCoordination(CoordinationAlert Reason) : BookingEffect;

/// <summary>Tell someone the booking is cancelled: the requester when <see cref="SpeakerId"/> is null, else that speaker.</summary>
public sealed record TellCancelled(string? SpeakerId, string Reason, BookingActor By) : BookingEffect;

/// <summary>
/// The result of a transition: the booking to write (with the version the store will give it, so a calendar's
/// SEQUENCE is the same whoever made the change) and the effects to perform, or why nothing changes.
/// </summary>
public sealed record BookingTransition
{
    /// <summary>The booking to write; null when nothing changes.</summary>
    public Booking? Updated { get; init; }

    public IReadOnlyList<BookingEffect> Effects { get; init; } = [];

    /// <summary>Pending date-bound mails (reminders, follow-up) no longer hold and are cancelled.</summary>
    public bool CancelsScheduledMails { get; init; }

    /// <summary>The transition does not apply to the booking's current state.</summary>
    public TransitionBlock? Blocked { get; init; }

    /// <summary>A booking rule (availability, overlap, monthly cap, school day) refused the change.</summary>
    public BookingRefusal? Refusal { get; init; }

    public bool Succeeded => Blocked is null && Refusal is null;

    public static readonly BookingTransition Unchanged = new();

    public static BookingTransition Block(TransitionBlock why) => new() { Blocked = why };

    public static BookingTransition Refuse(BookingRefusal refusal) => new() { Refusal = refusal };
}

/// <summary>
/// The booking state machine, in one place: requested → accepted | declined | expired → held → feedback received,
/// cancelled by the requester, a speaker or a coordinator. Pure: each transition takes the committed booking (and
/// the checks it needs, which the caller runs against the store's transaction) and returns the new booking plus
/// the effects. Every entry point (the speaker's links, the chat, the admin API, the background jobs) goes through
/// it, so the same event has the same outcome whoever causes it.
/// </summary>
public static class BookingTransitions
{
    /// <summary>Whether this seat is waiting for its speaker's answer (she may accept or decline).</summary>
    public static bool AwaitsAnswer(Booking current, int seat)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Seat(seat) is { Status: SeatStatus.Invited } && current.Status == BookingStatus.Requested;
    }

    /// <summary>Whether the speaker of this seat may still withdraw from it (before or after accepting).</summary>
    public static bool CanWithdraw(Booking current, int seat)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Seat(seat) is { HoldsSlot: true } && current.Status is BookingStatus.Requested or BookingStatus.Accepted;
    }

    /// <summary>An invited seat accepts; when every wanted seat has accepted, the booking is confirmed.</summary>
    public static BookingTransition Accept(Booking current, int seat, DateTimeOffset now)
    {
        if (!AwaitsAnswer(current, seat))
        {
            return BookingTransition.Block(TransitionBlock.NotPending);
        }

        var seats = Replace(current.Seats, seat, s => s with { Status = SeatStatus.Accepted, RespondedAt = now });
        var seated = seats.Where(s => s.Role == SeatRole.Seat && s.Status == SeatStatus.Accepted).ToList();
        if (seated.Count < current.SeatsWanted)
        {
            return Write(current, current with { Seats = seats });
        }

        return Write(current, current with { Seats = seats, Status = BookingStatus.Accepted }, [new AnnounceConfirmed([.. seated.Select(s => s.SpeakerId)])]);
    }

    /// <summary>An invited seat declines: a visit ends declined; a panel invites its next standby free then.</summary>
    /// <param name="canStandIn">Whether a standby is free at the booking's time (availability, overlap, monthly cap).</param>
    public static BookingTransition Decline(Booking current, int seat, DateTimeOffset now, Func<string, bool> canStandIn)
    {
        if (!AwaitsAnswer(current, seat))
        {
            return BookingTransition.Block(TransitionBlock.NotPending);
        }

        return LoseSeat(current, current, current.Seat(seat)!, SeatStatus.Declined, now, canStandIn);
    }

    /// <summary>Invitations sent at or before <paramref name="invitedBy"/> without an answer expire, one seat after another.</summary>
    public static BookingTransition ExpireStale(Booking current, DateTimeOffset invitedBy, DateTimeOffset now, Func<string, bool> canStandIn)
    {
        ArgumentNullException.ThrowIfNull(current);
        var next = current;
        var effects = new List<BookingEffect>();
        foreach (var stale in current.Seats.Where(s => s.Status == SeatStatus.Invited && s.InvitedAt <= invitedBy).Select(s => s.Number).ToList())
        {
            if (!AwaitsAnswer(next, stale))
            {
                continue;
            }

            var lost = LoseSeat(current, next, next.Seat(stale)!, SeatStatus.Expired, now, canStandIn);
            next = lost.Updated!;
            effects.AddRange(lost.Effects);
        }

        return ReferenceEquals(next, current) ? BookingTransition.Unchanged : new BookingTransition { Updated = next, Effects = effects };
    }

    /// <summary>
    /// The requester or a coordinator cancels the whole booking: every seat holding a slot is freed and told; when a
    /// coordinator cancels, the requester is told too.
    /// </summary>
    public static BookingTransition Cancel(Booking current, BookingActor by, string? reason)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (by == BookingActor.Speaker)
        {
            throw new ArgumentException("A speaker cancels her own seat: use CancelSeat.", nameof(by));
        }

        if (current.Status is not (BookingStatus.Requested or BookingStatus.Accepted))
        {
            return BookingTransition.Block(TransitionBlock.NotChangeable);
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "-" : reason.Trim();
        var cancelled = current with
        {
            Status = BookingStatus.Cancelled,
            CancelReason = why,
            CancelledBy = by == BookingActor.Requester ? "requester" : "coordinator",
            Seats = [.. current.Seats.Select(s => s.HoldsSlot ? s with { Status = SeatStatus.Cancelled } : s)],
        };
        var effects = new List<BookingEffect>();
        if (by == BookingActor.Coordinator)
        {
            effects.Add(new TellCancelled(null, why, by));
        }

        effects.AddRange(current.Seats.Where(s => s.HoldsSlot).Select(s => new TellCancelled(s.SpeakerId, why, by)));
        return Write(current, cancelled, effects, cancelsScheduled: true);
    }

    /// <summary>
    /// A speaker withdraws from her seat (after accepting, or before answering): a visit is cancelled and its
    /// requester told; a panel goes back to requested and invites its next free standby.
    /// </summary>
    public static BookingTransition CancelSeat(Booking current, int seat, string? reason, DateTimeOffset now, Func<string, bool> canStandIn)
    {
        if (!CanWithdraw(current, seat))
        {
            return BookingTransition.Block(TransitionBlock.NotPending);
        }

        var lost = current.Seat(seat)!;

        if (current.Kind == BookingKind.Panel)
        {
            return LoseSeat(current, current with { Status = BookingStatus.Requested }, lost, SeatStatus.Cancelled, now, canStandIn) with { CancelsScheduledMails = true };
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "-" : reason.Trim();
        var cancelled = current with
        {
            Status = BookingStatus.Cancelled,
            CancelReason = why,
            CancelledBy = "speaker:" + lost.SpeakerId,
            Seats = Replace(current.Seats, seat, s => s with { Status = SeatStatus.Cancelled, RespondedAt = now }),
        };
        return Write(current, cancelled, [new TellCancelled(null, why, BookingActor.Speaker)], cancelsScheduled: true);
    }

    /// <summary>Moves the booking to another date and time: the seats holding a slot are asked again.</summary>
    /// <param name="check">The rules for the moved booking (school day, lead time, each speaker's availability).</param>
    public static BookingTransition Move(Booking current, DateOnly date, TimeOnly start, DateTimeOffset now, Func<Booking, BookingRefusal?> check)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(check);
        if (current.Status is not (BookingStatus.Requested or BookingStatus.Accepted))
        {
            return BookingTransition.Block(TransitionBlock.NotChangeable);
        }

        var active = current.Seats.Where(s => s.Role == SeatRole.Seat && s.HoldsSlot).Select(s => s.Number).ToHashSet();
        var moved = current with
        {
            Date = date,
            Start = start,
            Status = BookingStatus.Requested,
            Seats = [.. current.Seats.Select(s => active.Contains(s.Number) ? s with { Status = SeatStatus.Invited, InvitedAt = now, RespondedAt = null } : s)],
        };
        if (check(moved) is { } refusal)
        {
            return BookingTransition.Refuse(refusal);
        }

        return Write(current, moved, [.. moved.Seats.Where(s => active.Contains(s.Number)).Select(s => new InviteSpeaker(s.Number, s.SpeakerId))], cancelsScheduled: true);
    }

    /// <summary>Gives a seat to another speaker, who is invited; the booking is requested again unless enough seats accepted.</summary>
    /// <param name="check">The rules for the new speaker at the booking's time (availability, overlap, monthly cap).</param>
    public static BookingTransition Reassign(Booking current, int seat, string speakerId, DateTimeOffset now, Func<BookingRefusal?> check)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(check);
        if (current.Status is not (BookingStatus.Requested or BookingStatus.Accepted or BookingStatus.Declined or BookingStatus.Expired))
        {
            return BookingTransition.Block(TransitionBlock.NotChangeable);
        }

        if (current.Seat(seat) is not { Role: SeatRole.Seat })
        {
            return BookingTransition.Block(TransitionBlock.NoSuchSeat);
        }

        if (current.Seats.Any(s => s.SpeakerId == speakerId && s.HoldsSlot))
        {
            return BookingTransition.Block(TransitionBlock.AlreadyOnBooking);
        }

        if (check() is { } refusal)
        {
            return BookingTransition.Refuse(refusal);
        }

        var replaced = current.Seat(seat)!;
        var seats = Replace(current.Seats, seat, s => new BookingSeat(s.Number, speakerId, SeatRole.Seat, SeatStatus.Invited) { InvitedAt = now });
        var accepted = seats.Count(s => s.Role == SeatRole.Seat && s.Status == SeatStatus.Accepted);
        var updated = current with { Seats = seats, Status = accepted >= current.SeatsWanted ? BookingStatus.Accepted : BookingStatus.Requested };
        // A speaker still waited for (invited or accepted) is told she is released; one who declined or let it expire is not.
        List<BookingEffect> effects = [new InviteSpeaker(seat, speakerId)];
        if (replaced.HoldsSlot)
        {
            effects.Add(new TellSeatReleased(replaced.SpeakerId));
        }

        return Write(current, updated, effects, cancelsScheduled: true);
    }

    /// <summary>An accepted booking whose hour has passed is held.</summary>
    public static BookingTransition Hold(Booking current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Status == BookingStatus.Accepted && current.EndsAt <= now
            ? Write(current, current with { Status = BookingStatus.Held })
            : BookingTransition.Unchanged;
    }

    /// <summary>The requester's two follow-up answers, once the booking has taken place.</summary>
    public static BookingTransition RecordFeedback(Booking current, BookingFeedback feedback, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Status is BookingStatus.Accepted or BookingStatus.Held && current.StartsAt <= now
            ? Write(current, current with { Status = BookingStatus.FeedbackReceived, Feedback = feedback })
            : BookingTransition.Block(TransitionBlock.NotPending);
    }

    /// <summary>A seat declined, expired or was cancelled: a visit ends there; a panel invites its next free standby.</summary>
    private static BookingTransition LoseSeat(Booking committed, Booking current, BookingSeat lost, SeatStatus status, DateTimeOffset now, Func<string, bool> canStandIn)
    {
        ArgumentNullException.ThrowIfNull(canStandIn);
        var expired = status == SeatStatus.Expired;
        var seats = Replace(current.Seats, lost.Number, s => s with { Status = status, RespondedAt = now });
        if (current.Kind == BookingKind.ClassroomVisit)
        {
            var ended = current with { Status = expired ? BookingStatus.Expired : BookingStatus.Declined, Seats = seats };
            List<BookingEffect> told = [new TellVisitLost(lost.SpeakerId, expired)];
            if (expired)
            {
                told.Add(new AlertCoordination(CoordinationAlert.VisitExpired));
            }

            return Write(committed, ended, told);
        }

        string? promoted = null;
        foreach (var standby in seats.Where(s => s.Role == SeatRole.Standby && s.Status == SeatStatus.Waiting).OrderBy(s => s.Number).ToList())
        {
            var index = seats.IndexOf(standby);
            if (!canStandIn(standby.SpeakerId))
            {
                seats[index] = standby with { Status = SeatStatus.Cancelled };
                continue;
            }

            seats[index] = standby with { Role = SeatRole.Seat, Status = SeatStatus.Invited, InvitedAt = now };
            promoted = standby.SpeakerId;
            break;
        }

        var effects = new List<BookingEffect>();
        if (promoted is not null)
        {
            effects.Add(new InviteSpeaker(seats.First(s => s.SpeakerId == promoted && s.Role == SeatRole.Seat).Number, promoted));
        }
        else
        {
            effects.Add(new AlertCoordination(CoordinationAlert.PanelShort));
        }

        effects.Add(new TellSeatChanged(lost.SpeakerId, promoted, expired));
        return Write(committed, current with { Seats = seats }, effects);
    }

    /// <summary>The new booking carries the version the store will write, so mails built from it say the same.</summary>
    private static BookingTransition Write(Booking committed, Booking updated, IReadOnlyList<BookingEffect>? effects = null, bool cancelsScheduled = false) => new()
    {
        Updated = updated with { Version = committed.Version + 1 },
        Effects = effects ?? [],
        CancelsScheduledMails = cancelsScheduled,
    };

    private static List<BookingSeat> Replace(IReadOnlyList<BookingSeat> seats, int number, Func<BookingSeat, BookingSeat> change) =>
        [.. seats.Select(s => s.Number == number ? change(s) : s)];
}
