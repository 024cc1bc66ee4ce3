using Microsoft.Extensions.Logging;

namespace SpeakerBot.Protocol;

internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Warning, "Bot Framework authentication is OFF: no Bot:MicrosoftAppId is configured, so /api/messages accepts unauthenticated activities (Emulator and local Web Chat only).")]
    public static partial void AuthenticationOff(ILogger logger);

    [LoggerMessage(3001, LogLevel.Information, "Bot Framework authentication is on ({AppType}, app id {AppId}).")]
    public static partial void AuthenticationOn(ILogger logger, string appType, string appId);

    [LoggerMessage(3002, LogLevel.Warning, "Rejected an activity from channel {ChannelId}: {Reason}")]
    public static partial void Unauthorized(ILogger logger, string? channelId, string? reason);

    [LoggerMessage(3003, LogLevel.Warning, "Could not retrieve the channel signing keys.")]
    public static partial void SigningKeysUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(3004, LogLevel.Information, "Skipped activity {ActivityId} of {ConversationKey}: already processed (channel redelivery).")]
    public static partial void DuplicateActivity(ILogger logger, string activityId, string conversationKey);

    [LoggerMessage(3005, LogLevel.Error, "Turn failed in {ConversationKey} on a {ActivityType} activity; apologising and resetting the dialog state.")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string conversationKey, string? activityType);

    [LoggerMessage(3006, LogLevel.Error, "Could not reset the dialog state of {ConversationKey}.")]
    public static partial void ResetFailed(ILogger logger, Exception exception, string conversationKey);

    [LoggerMessage(3007, LogLevel.Error, "Could not send the apology to {ConversationKey}.")]
    public static partial void ApologyFailed(ILogger logger, Exception exception, string conversationKey);

    [LoggerMessage(3008, LogLevel.Debug, "Could not send a typing indicator.")]
    public static partial void TypingFailed(ILogger logger, Exception exception);

    [LoggerMessage(3009, LogLevel.Warning, "The channel answered {Status} to a reply on {ChannelId} (operation {OperationId}).")]
    public static partial void ConnectorRejected(ILogger logger, int status, string? channelId, string? operationId);

    [LoggerMessage(3010, LogLevel.Information, "The channel answered {Status}; retry {Attempt} in {DelayMs} ms.")]
    public static partial void ConnectorRetry(ILogger logger, int status, int attempt, double delayMs);

    [LoggerMessage(3011, LogLevel.Warning, "A turn on {ChannelId} conversation {ConversationId} exceeded the response budget; acknowledged, replies will follow proactively.")]
    public static partial void TurnOverBudget(ILogger logger, string? channelId, string? conversationId);

    [LoggerMessage(3012, LogLevel.Error, "A Direct Line turn failed in conversation {ConversationId}.")]
    public static partial void DirectLineTurnFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(3013, LogLevel.Debug, "{Evicted} idle Direct Line conversations left memory; {Live} remain.")]
    public static partial void ConversationsEvicted(ILogger logger, int evicted, int live);

    [LoggerMessage(3014, LogLevel.Debug, "{Deleted} expired Direct Line uploads deleted.")]
    public static partial void UploadsExpired(ILogger logger, int deleted);

    [LoggerMessage(3015, LogLevel.Warning, "Could not sweep expired Direct Line uploads.")]
    public static partial void UploadSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(3016, LogLevel.Warning, "An expectReplies caller on {ChannelId} conversation {ConversationId} went away before the turn ended; its replies are dropped.")]
    public static partial void ExpectRepliesCallerGone(ILogger logger, string? channelId, string? conversationId);

    [LoggerMessage(3017, LogLevel.Warning, "Refused an unauthenticated activity from channel {ChannelId}: the caller is not on this machine and Bot:AllowAnonymousOnNetwork is off.")]
    public static partial void AnonymousNetworkCallerRefused(ILogger logger, string? channelId);

    [LoggerMessage(3018, LogLevel.Warning, "Refused an unauthenticated activity from channel {ChannelId}: its serviceUrl is not a loopback address of this machine and it did not ask for expectReplies; nothing was sent.")]
    public static partial void ServiceUrlRefused(ILogger logger, string? channelId);

    [LoggerMessage(3019, LogLevel.Warning, "Authentication is off and the host listens on {Addresses}, beyond this machine: /api/messages answers only callers on this machine (403 to others; the Web Chat page and Direct Line are not affected). Set Bot:MicrosoftAppId, or Bot:AllowAnonymousOnNetwork=true to accept unauthenticated callers from the network.")]
    public static partial void AnonymousClosedToNetwork(ILogger logger, string addresses);

    [LoggerMessage(3020, LogLevel.Warning, "Authentication is off and Bot:AllowAnonymousOnNetwork is on: /api/messages on {Addresses} accepts unauthenticated activities from the network; their replies go only in the response (expectReplies), never to the serviceUrl they name.")]
    public static partial void AnonymousOpenToNetwork(ILogger logger, string addresses);

    [LoggerMessage(3021, LogLevel.Information, "{ConversationKey} ended by endOfConversation (code {Code}); its dialog state was reset.")]
    public static partial void ConversationEnded(ILogger logger, string conversationKey, string? code);

    [LoggerMessage(3040, LogLevel.Error, "Could not record the processed activity of {ConversationKey}; a redelivery would run it again.")]
    public static partial void MarkFailed(ILogger logger, Exception exception, string conversationKey);

    [LoggerMessage(3050, LogLevel.Warning, "Direct Line conversation {ConversationId} could not catch up with the shared store; its next notice or poll will.")]
    public static partial void DirectLineCatchUpFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(3051, LogLevel.Warning, "Could not delete idle Direct Line transcripts from the shared store; the next hourly pass retries.")]
    public static partial void DirectLineForgetFailed(ILogger logger, Exception exception);
}
