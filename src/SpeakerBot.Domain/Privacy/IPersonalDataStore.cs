namespace SpeakerBot.Domain.Privacy;

/// <summary>An outbox row as stored, for a person's export and for erasure.</summary>
public sealed record StoredMail(long Id, string Key, string? BookingReference, string To, string? ToName, string Subject, string Body, string State, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>A persisted conversation or user state document.</summary>
public sealed record StoredDocument(string Key, string Json, DateTimeOffset UpdatedAt);

/// <summary>
/// Searches and purges the stores that keep text about a person outside the directory and booking records:
/// the outbox, conversation state and the audit log. A "needle" is an exact piece of text (an e-mail address,
/// a phone number, a full name) matched case-insensitively anywhere in a row's text.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>Mails whose recipient, subject, body or calendar contains a needle, or that belong to one of the bookings.</summary>
    Task<IReadOnlyList<StoredMail>> FindMailsAsync(IReadOnlyCollection<string> needles, IReadOnlyCollection<string> bookingReferences, CancellationToken cancellationToken = default);

    Task<int> DeleteMailsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>State documents whose key or JSON contains a needle.</summary>
    Task<IReadOnlyList<StoredDocument>> FindStateAsync(IReadOnlyCollection<string> needles, CancellationToken cancellationToken = default);

    Task<int> DeleteStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Removes state documents not written since <paramref name="cutoff"/>.</summary>
    Task<int> DeleteStateOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Removes state documents not written since <paramref name="cutoff"/> whose key starts with none of <paramref name="keepPrefixes"/>.</summary>
    Task<int> DeleteStateOlderThanAsync(DateTimeOffset cutoff, IReadOnlyCollection<string> keepPrefixes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the before/after snapshots of audit entries about <paramref name="target"/> or containing a needle
    /// by an erasure marker; who did what and when stays.
    /// </summary>
    Task<int> ScrubAuditAsync(string? target, IReadOnlyCollection<string> needles, CancellationToken cancellationToken = default);

    /// <summary>Makes deleted text leave the database file itself (free pages zeroed, journal checkpointed).</summary>
    Task CompactAsync(CancellationToken cancellationToken = default);
}
