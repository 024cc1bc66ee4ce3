namespace SpeakerBot.Domain;

/// <summary>
/// Proactive messages to the conversation where a requester booked, by its state key
/// ("{channelId}/conversations/{id}"). False when the conversation is unknown or gone: the caller's e-mail still goes.
/// </summary>
public interface IRequesterChat
{
    Task<bool> TellAsync(string conversationKey, string text, string? locale, CancellationToken cancellationToken = default);
}
