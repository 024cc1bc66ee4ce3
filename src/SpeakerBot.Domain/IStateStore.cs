namespace SpeakerBot.Domain;

/// <summary>
/// Persisted JSON documents by key: conversation and user state of the dialogs, so a restart loses nothing.
/// Keys look like "{channelId}/conversations/{conversationId}" or "{channelId}/users/{userId}".
/// </summary>
public interface IStateStore
{
    Task<string?> LoadAsync(string key, CancellationToken cancellationToken = default);

    Task SaveAsync(string key, string json, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that an inbound activity was handled; false when it already was (channels redeliver),
    /// so the caller skips the duplicate.
    /// </summary>
    Task<bool> TryMarkProcessedAsync(string activityKey, CancellationToken cancellationToken = default);

    /// <summary>Marks an activity processed with the replies it got (JSON); false when it already was.</summary>
    Task<bool> TryMarkProcessedAsync(string activityKey, string repliesJson, CancellationToken cancellationToken = default);

    /// <summary>The replies recorded with a processed activity ("[]" when none were recorded), or null when it never was.</summary>
    Task<string?> FindProcessedAsync(string activityKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a state document and marks the activity that changed it, with its replies, in one transaction: after a
    /// crash either the user's answer, the new state and the bot's next question are all there, or none is.
    /// </summary>
    Task CommitTurnAsync(string key, string json, string activityKey, string repliesJson, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds the turn lock named <paramref name="key"/> (a conversation) until disposed, so a turn checks for a redelivery,
    /// loads, handles and commits without another turn of the same conversation in between. PostgreSQL: an advisory lock
    /// shared by every instance on the database (released by the server if the instance dies); SQLite: within the
    /// process that owns the file. Not re-entrant: take it once per turn (the turn pipeline does).
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes processed-activity marks older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
