using Microsoft.Extensions.Logging;

namespace SpeakerBot.Bookings;

internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Booking {Reference} written (replayed: {Replayed})")]
    public static partial void BookingCreated(ILogger logger, string reference, bool replayed);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Booking request refused: {Code}")]
    public static partial void BookingRefused(ILogger logger, string code);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Booking {Reference} seat {Seat}: {Response}")]
    public static partial void SpeakerResponded(ILogger logger, string reference, int seat, string response);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Booking {Reference}: an invitation expired")]
    public static partial void InvitationExpired(ILogger logger, string reference);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Debug, Message = "Mail {Id} of {Reference} delivered")]
    public static partial void MailSent(ILogger logger, long id, string? reference);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Mail {Id} failed (attempt {Attempts}, {Error}); given up: {GivenUp}")]
    public static partial void MailFailed(ILogger logger, long id, int attempts, string error, bool givenUp);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Booking background work failed; retrying at the next tick")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Mail delivery failing: {Problem}; mails stay queued and are retried")]
    public static partial void MailDeliveryFailing(ILogger logger, string problem);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Mail delivery works again")]
    public static partial void MailDeliveryRecovered(ILogger logger);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Booking {Reference}: its conversation is gone; the requester is told by e-mail only")]
    public static partial void ChatNotReached(ILogger logger, string reference);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Booking {Reference}: telling the requester in the chat failed; the e-mail still goes")]
    public static partial void ChatFailed(ILogger logger, Exception exception, string reference);
}
