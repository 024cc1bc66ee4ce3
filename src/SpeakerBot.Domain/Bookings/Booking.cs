namespace SpeakerBot.Domain;

public enum BookingKind
{
    /// <summary>An "heure découverte": one speaker, one class, one hour. Reference HD-YYYY-NNNN.</summary>
    ClassroomVisit,

    /// <summary>A conference, round table or forum with 1 to 6 speakers. Reference PN-YYYY-NNNN.</summary>
    Panel,
}

/// <summary>
/// requested → accepted | declined | expired → held → feedback received; cancelled by either side. Unmatched: a
/// request left for the coordination when no speaker fits (no seat), until a coordinator answers it (decision 107).
/// </summary>
public enum BookingStatus
{
    Requested,
    Accepted,
    Declined,
    Expired,
    Held,
    FeedbackReceived,
    Cancelled,
    Unmatched,
}

public enum SeatRole
{
    Seat,
    Standby,
}

public enum SeatStatus
{
    /// <summary>A standby not invited yet: holds no slot in her calendar.</summary>
    Waiting,
    Invited,
    Accepted,
    Declined,
    Expired,
    Cancelled,
}

public enum VisitFormat
{
    InPerson,
    Online,
}

/// <summary>The teacher or organiser who asked. <see cref="UserKey"/> is the chat user who owns the booking.</summary>
public sealed record Requester(string Name, string Email, string UserKey, string Language = "fr")
{
    public bool IsEnglish => Languages.IsEnglish(Language);
}

/// <summary>Where a classroom visit happens. <see cref="Uai"/> is the French school code (7 digits + letter).</summary>
public sealed record School(string Name, string? City, string? Uai = null, string? Address = null);

/// <summary>One speaker's place in a booking (the only one of a classroom visit; a seat or a standby of a panel).</summary>
public sealed record BookingSeat(int Number, string SpeakerId, SeatRole Role, SeatStatus Status)
{
    public DateTimeOffset? InvitedAt { get; init; }

    public DateTimeOffset? RespondedAt { get; init; }

    /// <summary>Seats that hold a slot in the speaker's calendar.</summary>
    public bool HoldsSlot => Status is SeatStatus.Invited or SeatStatus.Accepted;
}

/// <summary>The two follow-up answers after a visit, used by the coordinators' reports.</summary>
public sealed record BookingFeedback(int PupilsReached, int Girls, int Satisfaction, DateTimeOffset ReceivedAt);

public sealed record Booking
{
    /// <summary>HD-YYYY-NNNN or PN-YYYY-NNNN; never reused.</summary>
    public required string Reference { get; init; }

    public required BookingKind Kind { get; init; }

    public BookingStatus Status { get; init; } = BookingStatus.Requested;

    public required Requester Requester { get; init; }

    /// <summary>Local French date and time of the start.</summary>
    public required DateOnly Date { get; init; }

    public required TimeOnly Start { get; init; }

    public int DurationMinutes { get; init; } = 60;

    public VisitFormat Format { get; init; } = VisitFormat.InPerson;

    /// <summary>Street address for an in-person event or the meeting link of an online one.</summary>
    public string? Location { get; init; }

    public School? School { get; init; }

    /// <summary>Class level of a visit, e.g. "4e", "seconde", "BTS".</summary>
    public string? ClassLevel { get; init; }

    public int? Pupils { get; init; }

    public string? Message { get; init; }

    /// <summary>Title of a panel event.</summary>
    public string? Title { get; init; }

    public string? Organisation { get; init; }

    /// <summary>
    /// Region where the event takes place (the venue's, else the one the organiser named): it decides who may cancel
    /// a panel whose speakers come from several regions. Null for visits and older panels, whose region is then their
    /// first speaker's.
    /// </summary>
    public string? Region { get; init; }

    public int? AudienceSize { get; init; }

    /// <summary>How many seats a panel needs to be confirmed (1 for a visit).</summary>
    public int SeatsWanted { get; init; } = 1;

    public IReadOnlyList<BookingSeat> Seats { get; init; } = [];

    /// <summary>The sector asked for, on an unmatched request (a booking with speakers takes theirs).</summary>
    public string? Sector { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? CancelReason { get; init; }

    /// <summary>"requester", "speaker:{id}" or "coordinator".</summary>
    public string? CancelledBy { get; init; }

    public BookingFeedback? Feedback { get; init; }

    /// <summary>
    /// Fictional history added by `speakerbot demo history` (decision 122): shown with a "démo" mark in the
    /// back-office, never mailed. Stored with the row (absent from the JSON of real bookings).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsDemo { get; init; }

    /// <summary>Incremented on every write; the store uses it for optimistic checks.</summary>
    public int Version { get; init; }

    public TimeOnly End => Start.AddMinutes(DurationMinutes);

    public DateTimeOffset StartsAt => FrenchTime.ToInstant(Date, Start);

    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);

    /// <summary>Whether the booking still claims the speakers' time.</summary>
    public bool IsActive => Status is BookingStatus.Requested or BookingStatus.Accepted or BookingStatus.Held or BookingStatus.FeedbackReceived;

    public IEnumerable<BookingSeat> ActiveSeats => IsActive ? Seats.Where(s => s.HoldsSlot) : [];

    public BookingSeat? SeatOf(string speakerId) => Seats.FirstOrDefault(s => s.SpeakerId == speakerId && s.Role == SeatRole.Seat);

    public BookingSeat? Seat(int number) => Seats.FirstOrDefault(s => s.Number == number);

    public static string PrefixOf(BookingKind kind) => kind == BookingKind.Panel ? "PN" : "HD";
}

/// <summary>Local time of the service's users: visits are booked in French time, whatever the server's zone.</summary>
public static class FrenchTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(ToLocal(time.GetUtcNow()));
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
        }
    }
}
