using Microsoft.Extensions.Logging;

namespace SpeakerBot.Conversation;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Dialog state of conversation {ConversationKey} was unreadable or from another version; starting afresh")]
    public static partial void StateDiscarded(ILogger logger, string conversationKey);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Flow {FlowId} started")]
    public static partial void FlowStarted(ILogger logger, string flowId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Flow {FlowId} completed")]
    public static partial void FlowCompleted(ILogger logger, string flowId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Flow {FlowId} cancelled by the user")]
    public static partial void FlowCancelled(ILogger logger, string flowId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Flow {FlowId} abandoned after too many attempts at slot {Slot}")]
    public static partial void FlowAbandoned(ILogger logger, string flowId, string slot);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Dialogs loaded from {Directory}: {Flows} flows")]
    public static partial void CatalogLoaded(ILogger logger, string directory, int flows);
}
