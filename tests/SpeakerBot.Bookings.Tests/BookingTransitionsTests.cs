using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

/// <summary>The booking state machine itself (decision 106): each transition, its guard and the effects it asks for.</summary>
public sealed class BookingTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Func<string, bool> Everyone = _ => true;

    [Fact]
    public void Accept_of_the_last_seat_confirms_with_the_version_the_store_writes()
    {
        var panel = Panel(wanted: 2) with { Version = 3 };
        var first = BookingTransitions.Accept(panel, 1, Now);
        var second = BookingTransitions.Accept(first.Updated! with { Version = 4 }, 2, Now);

        Assert.Equal((BookingStatus.Requested, 4), (first.Updated!.Status, first.Updated.Version));
        Assert.Empty(first.Effects);
        Assert.Equal((BookingStatus.Accepted, 5), (second.Updated!.Status, second.Updated.Version));
        Assert.Equal(["a", "b"], Assert.IsType<AnnounceConfirmed>(Assert.Single(second.Effects)).SpeakerIds);
    }

    [Fact]
    public void Accept_of_a_seat_that_already_answered_is_blocked_and_changes_nothing()
    {
        var accepted = BookingTransitions.Accept(Visit(), 1, Now).Updated!;

        var again = BookingTransitions.Accept(accepted, 1, Now);

        Assert.Equal(TransitionBlock.NotPending, again.Blocked);
        Assert.Null(again.Updated);
    }

    [Fact]
    public void Decline_of_a_visit_ends_it_declined_and_tells_the_requester()
    {
        var declined = BookingTransitions.Decline(Visit(), 1, Now, Everyone);

        Assert.Equal(BookingStatus.Declined, declined.Updated!.Status);
        Assert.Equal(new TellVisitLost("a", Expired: false), Assert.Single(declined.Effects));
    }

    [Fact]
    public void Decline_of_a_panel_seat_passes_over_a_busy_standby_and_invites_the_next()
    {
        var declined = BookingTransitions.Decline(Panel(wanted: 2, standbys: ["busy", "free"]), 1, Now, id => id != "busy");

        var seats = declined.Updated!.Seats;
        Assert.Equal(SeatStatus.Declined, seats.Single(s => s.SpeakerId == "a").Status);
        Assert.Equal(SeatStatus.Cancelled, seats.Single(s => s.SpeakerId == "busy").Status);
        Assert.Equal((SeatRole.Seat, SeatStatus.Invited), (seats.Single(s => s.SpeakerId == "free").Role, seats.Single(s => s.SpeakerId == "free").Status));
        Assert.Equal(BookingStatus.Requested, declined.Updated.Status);
        Assert.Equal([new InviteSpeaker(4, "free"), new TellSeatChanged("a", "free", Expired: false)], declined.Effects);
    }

    [Fact]
    public void Decline_of_a_panel_seat_with_no_free_standby_alerts_the_coordination()
    {
        var declined = BookingTransitions.Decline(Panel(wanted: 2, standbys: ["busy"]), 2, Now, _ => false);

        Assert.Equal([new AlertCoordination(CoordinationAlert.PanelShort), new TellSeatChanged("b", null, Expired: false)], declined.Effects);
    }

    [Fact]
    public void ExpireStale_expires_an_unanswered_visit_and_alerts_the_coordination_but_not_a_recent_one()
    {
        var visit = Visit();

        var early = BookingTransitions.ExpireStale(visit, Now.AddDays(-1), Now, Everyone);
        var late = BookingTransitions.ExpireStale(visit, Now, Now, Everyone);

        Assert.Null(early.Updated);
        Assert.Equal(BookingStatus.Expired, late.Updated!.Status);
        Assert.Equal([new TellVisitLost("a", Expired: true), new AlertCoordination(CoordinationAlert.VisitExpired)], late.Effects);
    }

    [Fact]
    public void Cancel_by_a_coordinator_tells_the_requester_and_each_seated_speaker_and_drops_scheduled_mails()
    {
        var cancelled = BookingTransitions.Cancel(Panel(wanted: 2, standbys: ["c"]), BookingActor.Coordinator, " salle fermée ");

        Assert.Equal((BookingStatus.Cancelled, "coordinator", "salle fermée"), (cancelled.Updated!.Status, cancelled.Updated.CancelledBy, cancelled.Updated.CancelReason));
        Assert.Equal(
            [new TellCancelled(null, "salle fermée", BookingActor.Coordinator), new TellCancelled("a", "salle fermée", BookingActor.Coordinator), new TellCancelled("b", "salle fermée", BookingActor.Coordinator)],
            cancelled.Effects);
        Assert.True(cancelled.CancelsScheduledMails);
        Assert.Equal(SeatStatus.Waiting, cancelled.Updated.Seats.Single(s => s.SpeakerId == "c").Status);
    }

    [Fact]
    public void Cancel_by_the_requester_tells_the_speakers_only_and_a_held_booking_cannot_be_cancelled()
    {
        var cancelled = BookingTransitions.Cancel(Visit(), BookingActor.Requester, null);
        var held = BookingTransitions.Cancel(Visit() with { Status = BookingStatus.Held }, BookingActor.Requester, "trop tard");

        Assert.Equal([new TellCancelled("a", "-", BookingActor.Requester)], cancelled.Effects);
        Assert.Equal("requester", cancelled.Updated!.CancelledBy);
        Assert.Equal(TransitionBlock.NotChangeable, held.Blocked);
    }

    [Fact]
    public void CancelSeat_by_the_speaker_of_a_visit_cancels_it_and_tells_the_requester()
    {
        var accepted = BookingTransitions.Accept(Visit(), 1, Now).Updated!;

        var cancelled = BookingTransitions.CancelSeat(accepted, 1, "malade", Now, Everyone);

        Assert.Equal((BookingStatus.Cancelled, "speaker:a"), (cancelled.Updated!.Status, cancelled.Updated.CancelledBy));
        Assert.Equal([new TellCancelled(null, "malade", BookingActor.Speaker)], cancelled.Effects);
        Assert.True(cancelled.CancelsScheduledMails);
    }

    [Fact]
    public void CancelSeat_of_an_accepted_panel_asks_again_and_invites_the_standby()
    {
        var accepted = BookingTransitions.Accept(Panel(wanted: 1, seats: ["a"], standbys: ["c"]), 1, Now).Updated!;

        var cancelled = BookingTransitions.CancelSeat(accepted, 1, "malade", Now, Everyone);

        Assert.Equal(BookingStatus.Requested, cancelled.Updated!.Status);
        Assert.Equal([new InviteSpeaker(2, "c"), new TellSeatChanged("a", "c", Expired: false)], cancelled.Effects);
        Assert.True(cancelled.CancelsScheduledMails);
    }

    [Fact]
    public void Move_asks_every_seat_again_and_a_refusing_rule_changes_nothing()
    {
        var accepted = BookingTransitions.Accept(Visit(), 1, Now).Updated!;
        var day = new DateOnly(2026, 3, 24);
        var refusal = new BookingRefusal("overlap", "occupée", "busy");

        var moved = BookingTransitions.Move(accepted, day, new TimeOnly(14, 0), Now, _ => null);
        var refused = BookingTransitions.Move(accepted, day, new TimeOnly(14, 0), Now, _ => refusal);

        Assert.Equal((BookingStatus.Requested, day, SeatStatus.Invited), (moved.Updated!.Status, moved.Updated.Date, moved.Updated.Seats[0].Status));
        Assert.Equal([new InviteSpeaker(1, "a")], moved.Effects);
        Assert.Same(refusal, refused.Refusal);
        Assert.Null(refused.Updated);
    }

    [Fact]
    public void Reassign_invites_the_new_speaker_and_refuses_one_already_on_the_booking_or_refused_by_the_rules()
    {
        var declined = BookingTransitions.Decline(Visit(), 1, Now, Everyone).Updated!;
        var panel = Panel(wanted: 2);

        var given = BookingTransitions.Reassign(declined, 1, "z", Now, () => null);
        var twice = BookingTransitions.Reassign(panel, 1, "b", Now, () => null);
        var busy = BookingTransitions.Reassign(declined, 1, "z", Now, () => new BookingRefusal("monthly-cap", "plafond", "cap"));

        Assert.Equal((BookingStatus.Requested, "z", SeatStatus.Invited), (given.Updated!.Status, given.Updated.Seats[0].SpeakerId, given.Updated.Seats[0].Status));
        Assert.Equal([new InviteSpeaker(1, "z")], given.Effects);
        Assert.Equal(TransitionBlock.AlreadyOnBooking, twice.Blocked);
        Assert.Equal("monthly-cap", busy.Refusal?.Code);
    }

    [Fact]
    public void Hold_and_feedback_apply_only_once_the_booking_has_taken_place()
    {
        var accepted = BookingTransitions.Accept(Visit(), 1, Now).Updated!;
        var after = accepted.EndsAt;
        var feedback = new BookingFeedback(25, 12, 5, after);

        Assert.Null(BookingTransitions.Hold(accepted, after.AddMinutes(-1)).Updated);
        Assert.Equal(BookingStatus.Held, BookingTransitions.Hold(accepted, after).Updated!.Status);
        Assert.Equal(TransitionBlock.NotPending, BookingTransitions.RecordFeedback(accepted, feedback, accepted.StartsAt.AddMinutes(-1)).Blocked);
        Assert.Equal(BookingStatus.FeedbackReceived, BookingTransitions.RecordFeedback(accepted, feedback, after).Updated!.Status);
    }

    private static Booking Visit() => new()
    {
        Reference = "HD-2026-0001",
        Kind = BookingKind.ClassroomVisit,
        Requester = BookingFixture.Teacher(),
        Date = new DateOnly(2026, 3, 17),
        Start = new TimeOnly(10, 0),
        Seats = [new BookingSeat(1, "a", SeatRole.Seat, SeatStatus.Invited) { InvitedAt = Now }],
        Version = 1,
    };

    private static Booking Panel(int wanted, IReadOnlyList<string>? seats = null, IReadOnlyList<string>? standbys = null)
    {
        var all = new List<BookingSeat>();
        foreach (var id in seats ?? ["a", "b"])
        {
            all.Add(new BookingSeat(all.Count + 1, id, SeatRole.Seat, SeatStatus.Invited) { InvitedAt = Now });
        }

        foreach (var id in standbys ?? [])
        {
            all.Add(new BookingSeat(all.Count + 1, id, SeatRole.Standby, SeatStatus.Waiting));
        }

        return new Booking
        {
            Reference = "PN-2026-0001",
            Kind = BookingKind.Panel,
            Requester = BookingFixture.Teacher("Marc Orga", "orga@industrie.example", "orga"),
            Date = new DateOnly(2026, 3, 19),
            Start = new TimeOnly(14, 0),
            DurationMinutes = 90,
            SeatsWanted = wanted,
            Seats = all,
            Version = 1,
        };
    }
}
