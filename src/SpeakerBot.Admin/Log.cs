using Microsoft.Extensions.Logging;

namespace SpeakerBot.Admin;

internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Retention pass: {Bookings} bookings anonymised, {Mails} mails, {State} state documents and {Processed} processed-activity marks deleted")]
    public static partial void RetentionApplied(ILogger logger, int bookings, int mails, int state, int processed);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Retention pass failed; retrying at the next tick")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Retention job started: requesters' contact data kept {Months} months after the visit, checked every {Interval}")]
    public static partial void RetentionStarted(ILogger logger, int months, TimeSpan interval);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Demo history added: {Bookings} fictional bookings marked as demo")]
    public static partial void DemoHistoryAdded(ILogger logger, int bookings);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Information, Message = "Demo:HistoryOnEmptyDatabase is on but the database already holds {Real} real and {Demo} demo bookings: no demo history added")]
    public static partial void DemoHistorySkipped(ILogger logger, int real, int demo);

    // Sign-in: coordinators are named by id, never by e-mail; unknown addresses are not named at all.
    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Back-office sign-in link mailed to coordinator {CoordinatorId}")]
    public static partial void SignInLinkMailed(ILogger logger, long coordinatorId);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Back-office sign-in requested for an address that is no active coordinator; nothing mailed")]
    public static partial void SignInUnknown(ILogger logger);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Back-office sign-in requests throttled for an address or client")]
    public static partial void SignInThrottled(ILogger logger);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Back-office sign-in link with a bad signature refused")]
    public static partial void SignInLinkForged(ILogger logger);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "Back-office sign-in link of coordinator {CoordinatorId} used again; refused")]
    public static partial void SignInLinkReused(ILogger logger, long coordinatorId);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Information, Message = "Coordinator {CoordinatorId} signed in to the back-office ({Method})")]
    public static partial void SignedIn(ILogger logger, long coordinatorId, string method);
}
