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

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Demo history added: {Bookings} fictional bookings marked as demo")]
    public static partial void DemoHistoryAdded(ILogger logger, int bookings);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Demo:HistoryOnEmptyDatabase is on but the database already holds {Real} real and {Demo} demo bookings: no demo history added")]
    public static partial void DemoHistorySkipped(ILogger logger, int real, int demo);
}
