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
}
