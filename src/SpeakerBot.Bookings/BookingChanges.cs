using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>
/// Runs the domain's booking transitions (<see cref="BookingTransitions"/>) for every entry point: supplies the
/// rule a standby must pass to take a seat, and turns a transition's effects into the e-mails written in the same
/// store transaction. BookingService (links, chat, background jobs) and AdminService (admin API, coordinators' chat)
/// both use it, so one event gives the same booking and the same mails whoever causes it.
/// </summary>
public sealed class BookingChanges(BookingRules rules, BookingMails mails)
{
    public BookingRules Rules => rules;

    /// <summary>Whether a standby is free at the booking's time, judged on what the store has committed right now.</summary>
    public Func<string, bool> StandIn(Booking current, IReadOnlyDictionary<string, Speaker> speakers, IBookingTransactionView view)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(view);
        var (from, to) = BookingRules.MonthOf(current.Date);
        return id => speakers.TryGetValue(id, out var candidate)
            && rules.CheckSpeaker(candidate, current.Date, current.Start, current.DurationMinutes, current.Format, null, view.ActiveBookingsOfSpeaker(id, from, to)) is null;
    }

    /// <summary>What the store writes for a transition: the new booking and its mails, or a refusal.</summary>
    /// <param name="blocked">The caller's sentence for a transition that does not apply to the booking's state.</param>
    public BookingChange ToChange(BookingTransition transition, IReadOnlyDictionary<string, Speaker> speakers, Func<TransitionBlock, BookingRefusal> blocked)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(blocked);
        if (transition.Refusal is not null)
        {
            return BookingChange.Refuse(transition.Refusal);
        }

        if (transition.Blocked is { } why)
        {
            return BookingChange.Refuse(blocked(why));
        }

        if (transition.Updated is null)
        {
            return BookingChange.None;
        }

        return new BookingChange
        {
            Updated = transition.Updated,
            Mails = MailsOf(transition.Updated, transition.Effects, speakers),
            CancelTags = transition.CancelsScheduledMails ? [BookingMails.ScheduledTag] : [],
        };
    }

    /// <summary>One e-mail (or, for a confirmation, the set of them) per effect, built from the booking as it will be written.</summary>
    public IReadOnlyList<OutboxMessage> MailsOf(Booking booking, IReadOnlyList<BookingEffect> effects, IReadOnlyDictionary<string, Speaker> speakers)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(speakers);
        if (booking.IsDemo)
        {
            // Demo history (speakerbot demo history) can sit over a real directory: acting on it never mails anyone.
            return [];
        }

        var outgoing = new List<OutboxMessage>();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case InviteSpeaker invite when speakers.TryGetValue(invite.SpeakerId, out var speaker):
                    outgoing.Add(mails.Invitation(booking, speaker, invite.Seat));
                    break;
                case AnnounceConfirmed confirmed:
                    outgoing.AddRange(mails.Confirmed(booking, [.. confirmed.SpeakerIds.Where(speakers.ContainsKey).Select(id => speakers[id])]));
                    break;
                case TellVisitLost lost when speakers.TryGetValue(lost.SpeakerId, out var gone):
                    outgoing.Add(mails.Declined(booking, gone, lost.Expired));
                    break;
                case TellSeatChanged changed when speakers.TryGetValue(changed.GoneSpeakerId, out var gone):
                    outgoing.Add(mails.SeatChanged(booking, gone, changed.PromotedSpeakerId is { } id ? speakers.GetValueOrDefault(id) : null, changed.Expired));
                    break;
                case TellSeatReleased released when speakers.TryGetValue(released.SpeakerId, out var freed):
                    outgoing.Add(mails.Released(booking, freed));
                    break;
                case AlertCoordination alert:
                    outgoing.Add(mails.CoordinatorAlert(booking, alert.Reason switch
                    {
                        CoordinationAlert.VisitExpired => "demande expirée sans réponse de l'intervenante",
                        _ => "panel incomplet : plus de remplaçante",
                    }));
                    break;
                case TellCancelled { SpeakerId: null } told:
                    outgoing.Add(mails.Cancelled(booking, booking.Requester.Email, booking.Requester.Name, booking.Requester.Language, told.Reason, told.By));
                    break;
                case TellCancelled told when speakers.TryGetValue(told.SpeakerId!, out var seated):
                    outgoing.Add(mails.Cancelled(booking, seated.Contact?.Email ?? string.Empty, seated.FullName, BookingMails.LanguageOf(seated), told.Reason, told.By));
                    break;
            }
        }

        return outgoing;
    }
}
