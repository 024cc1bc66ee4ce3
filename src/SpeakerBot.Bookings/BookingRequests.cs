using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>A classroom visit as the teacher asked for it.</summary>
public sealed record VisitRequest
{
    public required string SpeakerId { get; init; }

    public required DateOnly Date { get; init; }

    public required TimeOnly Start { get; init; }

    public VisitFormat Format { get; init; } = VisitFormat.InPerson;

    public required School School { get; init; }

    public required string ClassLevel { get; init; }

    public required int Pupils { get; init; }

    public required Requester Requester { get; init; }

    /// <summary>Meeting link of an online visit, or street address when known.</summary>
    public string? Location { get; init; }

    public string? Message { get; init; }
}

/// <summary>A panel with its chosen seats and ordered standbys.</summary>
public sealed record PanelRequest
{
    public required string Title { get; init; }

    public required DateOnly Date { get; init; }

    public required TimeOnly Start { get; init; }

    public int DurationMinutes { get; init; } = 90;

    public VisitFormat Format { get; init; } = VisitFormat.InPerson;

    public required string Location { get; init; }

    public required int AudienceSize { get; init; }

    public required string Organisation { get; init; }

    public required Requester Requester { get; init; }

    public required IReadOnlyList<string> SpeakerIds { get; init; }

    public IReadOnlyList<string> StandbyIds { get; init; } = [];

    public string? Message { get; init; }

    /// <summary>Region slug of the venue (else of the organiser), when known; an unknown slug is not kept.</summary>
    public string? Region { get; init; }
}

/// <summary>What the organiser is looking for; the planner fills the seats.</summary>
public sealed record PanelQuery
{
    public required DateOnly Date { get; init; }

    public TimeOnly Start { get; init; } = new(14, 0);

    public int DurationMinutes { get; init; } = 90;

    public int Seats { get; init; } = 3;

    public int Standbys { get; init; } = 3;

    public string? Text { get; init; }

    public IReadOnlyList<string> Sectors { get; init; } = [];

    public string? Region { get; init; }

    public VisitFormat Format { get; init; } = VisitFormat.InPerson;

    /// <summary>Speakers the organiser removed: never proposed again in this plan.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

public sealed record PanelProposal(IReadOnlyList<Speaker> Seats, IReadOnlyList<Speaker> Standbys);

/// <summary>Who asks to see or change a booking: the chat user, and optionally a code sent to the e-mail on file.</summary>
public sealed record BookingAccess(string UserKey, string? Code = null);

public sealed record BookingOutcome(Booking? Booking, BookingRefusal? Refusal, IReadOnlyList<BookingSlot> Alternatives, bool Replayed = false)
{
    public bool Succeeded => Booking is not null && Refusal is null;

    public static BookingOutcome Refused(BookingRefusal refusal, IReadOnlyList<BookingSlot>? alternatives = null, Booking? booking = null) =>
        new(booking, refusal, alternatives ?? []);
}

public enum LinkOutcomeKind
{
    Accepted,
    Declined,
    Cancelled,
    FeedbackSaved,
    AlreadyUsed,
    Expired,
    Invalid,
    NotPending,
    Refused,
}

public sealed record LinkOutcome(LinkOutcomeKind Kind, Booking? Booking, string Language, BookingRefusal? Refusal = null);
