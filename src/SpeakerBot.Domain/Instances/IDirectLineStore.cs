namespace SpeakerBot.Domain.Instances;

/// <summary>
/// Direct Line conversations shared by every instance: identity, transcript numbered by watermark, and a backplane
/// that tells each instance when another one appended to a conversation. Registered only on PostgreSQL; on SQLite
/// (one process) the transcript stays in memory.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Creates the conversation unless it exists; either way returns it as stored.</summary>
    Task<DirectLineRecord> CreateAsync(string conversationId, string userId, CancellationToken cancellationToken = default);

    Task<DirectLineRecord?> FindAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>True for the one caller, on any instance, that starts the conversation.</summary>
    Task<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends one activity with the next sequence number. <paramref name="stamp"/> gets that number and the previous
    /// activity's timestamp (ticks), and returns the activity's JSON and its own timestamp; it runs while the
    /// conversation is locked, so numbers and timestamps grow in commit order. Every instance is then notified.
    /// </summary>
    Task<long> AppendAsync(string conversationId, Func<long, long, (byte[] Json, long TimestampTicks)> stamp, CancellationToken cancellationToken = default);

    /// <summary>Activities numbered from <paramref name="fromSequence"/> on, in order.</summary>
    Task<IReadOnlyList<StoredActivity>> ReadAsync(string conversationId, long fromSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the transcripts of conversations nobody used since <paramref name="idleSince"/> (what users wrote stays no
    /// longer than needed); their identity and numbering stay, so a client resuming one later continues it.
    /// </summary>
    Task<int> ForgetIdleTranscriptsAsync(DateTimeOffset idleSince, CancellationToken cancellationToken = default);

    /// <summary>Raised with a conversation id when any instance appended to it, and with null when notices may have been missed.</summary>
    event EventHandler<string?>? Appended;
}

public sealed record DirectLineRecord(string ConversationId, string UserId, bool Started, long NextSequence);

public readonly record struct StoredActivity(long Sequence, byte[] Json);
