using Microsoft.Extensions.Logging;

namespace SpeakerBot.Conversation;

/// <summary>Language model events (ids 4800-4849). Prompts and completions appear only with DebugLogPrompts, masked.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4800, Level = LogLevel.Information, Message = "Language model ({Purpose}): {Tokens} tokens in {ElapsedMs} ms; {UsedToday} used today (cap {Cap})")]
    public static partial void ModelUsage(ILogger logger, string purpose, int tokens, long usedToday, long cap, long elapsedMs);

    [LoggerMessage(EventId = 4801, Level = LogLevel.Warning, Message = "Language model ({Purpose}) failed: {Reason} after {ElapsedMs} ms; falling back to rules")]
    public static partial void ModelFailed(ILogger logger, string purpose, string reason, long elapsedMs);

    [LoggerMessage(EventId = 4802, Level = LogLevel.Debug, Message = "Language model ({Purpose}) answered {Status}; retry {Attempt} in {DelayMs} ms")]
    public static partial void ModelRetry(ILogger logger, string purpose, int status, int attempt, long delayMs);

    [LoggerMessage(EventId = 4803, Level = LogLevel.Warning, Message = "Language model circuit opened after {Failures} consecutive failures; rules only for {Seconds} s")]
    public static partial void ModelBreakerOpened(ILogger logger, int failures, int seconds);

    [LoggerMessage(EventId = 4804, Level = LogLevel.Debug, Message = "Language model ({Purpose}) skipped: circuit open")]
    public static partial void ModelSkippedBreakerOpen(ILogger logger, string purpose);

    [LoggerMessage(EventId = 4805, Level = LogLevel.Warning, Message = "Language model daily token cap {Cap} reached; rules only until midnight UTC")]
    public static partial void ModelDailyCapReached(ILogger logger, long cap);

    [LoggerMessage(EventId = 4806, Level = LogLevel.Debug, Message = "Language model prompt ({Purpose}, masked): {Prompt}")]
    public static partial void ModelPrompt(ILogger logger, string purpose, string prompt);

    [LoggerMessage(EventId = 4807, Level = LogLevel.Debug, Message = "Language model completion ({Purpose}, masked): {Completion}")]
    public static partial void ModelCompletion(ILogger logger, string purpose, string completion);

    [LoggerMessage(EventId = 4808, Level = LogLevel.Debug, Message = "Language model answer for {Purpose} dropped: {Reason}")]
    public static partial void ModelAnswerDropped(ILogger logger, string purpose, string reason);

    [LoggerMessage(EventId = 4809, Level = LogLevel.Debug, Message = "Language model value for {Field} dropped: failed validation")]
    public static partial void ModelValueDropped(ILogger logger, string field);

    [LoggerMessage(EventId = 4810, Level = LogLevel.Warning, Message = "Turn budget of {BudgetMs} ms spent waiting on the language model ({Purpose}); rules and templates used")]
    public static partial void ModelTurnBudgetSpent(ILogger logger, string purpose, int budgetMs);

    [LoggerMessage(EventId = 4811, Level = LogLevel.Debug, Message = "Programme question answered from FAQ entry {EntryId} (phrased by the model: {Phrased})")]
    public static partial void FaqAnswered(ILogger logger, string entryId, bool phrased);
}
