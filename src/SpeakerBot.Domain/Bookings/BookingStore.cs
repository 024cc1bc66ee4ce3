namespace SpeakerBot.Domain;

/// <summary>Why a request was refused: a stable code and one sentence per language saying why and what would work.</summary>
public sealed record BookingRefusal(string Code, string French, string English)
{
    public string In(string? language) => Languages.IsEnglish(language) ? English : French;
}

/// <summary>An e-mail written in the same transaction as the booking change that caused it.</summary>
public sealed record OutboxMessage
{
    public long Id { get; init; }

    /// <summary>Unique per logical e-mail (e.g. "HD-2026-0001/request/1"): writing it twice keeps one.</summary>
    public required string Key { get; init; }

    public string? BookingReference { get; init; }

    public required string To { get; init; }

    public string? ToName { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    /// <summary>An RFC 5545 calendar attached as invite.ics, when present.</summary>
    public string? Calendar { get; init; }

    public string Language { get; init; } = "fr";

    /// <summary>Not sent before this instant (reminders, follow-ups).</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>Pending scheduled mails with a tag are cancelled together when the booking moves or is cancelled.</summary>
    public string? Tag { get; init; }

    public int Attempts { get; init; }
}

/// <summary>Reads the store makes inside the write transaction, so the rules see what is committed right now.</summary>
public interface IBookingTransactionView
{
    /// <summary>Bookings (any kind) in which this speaker holds a slot between the two dates inclusive.</summary>
    IReadOnlyList<Booking> ActiveBookingsOfSpeaker(string speakerId, DateOnly from, DateOnly to);
}

/// <summary>What a change to a booking produces: the new state and the e-mails to send, or a refusal.</summary>
public sealed record BookingChange
{
    public Booking? Updated { get; init; }

    public IReadOnlyList<OutboxMessage> Mails { get; init; } = [];

    /// <summary>Pending mails of the booking carrying one of these tags are cancelled.</summary>
    public IReadOnlyList<string> CancelTags { get; init; } = [];

    public BookingRefusal? Refusal { get; init; }

    public static BookingChange Refuse(BookingRefusal refusal) => new() { Refusal = refusal };

    public static readonly BookingChange None = new();
}

/// <summary>What an operator watches: bookings per status and the mails waiting to be sent.</summary>
/// <param name="QueuedMails">Pending mails already due (scheduled reminders not yet due are not counted).</param>
/// <param name="OldestQueuedDueAt">When the longest-waiting of those became due; null when none waits.</param>
public sealed record BookingStoreSnapshot(IReadOnlyDictionary<BookingStatus, int> BookingsByStatus, int QueuedMails, DateTimeOffset? OldestQueuedDueAt);

public sealed record BookingWriteResult(Booking? Booking, BookingRefusal? Refusal, bool Replayed = false)
{
    public bool Succeeded => Booking is not null && Refusal is null;
}

/// <summary>The store of record for bookings, their reference counters, the outbox and used link tokens.</summary>
public interface IBookingStore : Instances.ISecretStore
{
    /// <summary>
    /// In one serialised transaction: returns the booking already written under <paramref name="idempotencyKey"/>
    /// (Replayed), or runs <paramref name="check"/> against the committed bookings, allocates the next reference,
    /// writes <paramref name="draft"/> with that reference and the mails built for it. Nothing is written on refusal.
    /// </summary>
    Task<BookingWriteResult> CreateAsync(
        Booking draft,
        string idempotencyKey,
        Func<IBookingTransactionView, BookingRefusal?> check,
        Func<Booking, IReadOnlyList<OutboxMessage>> mails,
        CancellationToken cancellationToken = default);

    /// <summary>Loads, changes and writes one booking with its mails in one serialised transaction.</summary>
    Task<BookingWriteResult> UpdateAsync(
        string reference,
        Func<Booking, IBookingTransactionView, BookingChange> change,
        CancellationToken cancellationToken = default);

    Task<Booking?> GetAsync(string reference, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Booking>> ListForSpeakerAsync(string speakerId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Booking>> ListForRequesterAsync(string userKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Booking>> ListByStatusAsync(BookingStatus status, CancellationToken cancellationToken = default);

    /// <summary>Leases up to <paramref name="max"/> due, unsent mails so that no other sender takes them meanwhile.</summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueMailsAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken = default);

    Task MarkMailSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task MarkMailFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OutboxMessage>> ListMailsAsync(string bookingReference, CancellationToken cancellationToken = default);

    /// <summary>Enqueues mails not tied to a booking change (coordinator alerts, access codes).</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> mails, CancellationToken cancellationToken = default);

    /// <summary>Counts for the service's metrics, read in one statement each.</summary>
    Task<BookingStoreSnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a single-use token; false when it was already used.</summary>
    Task<bool> TryConsumeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
