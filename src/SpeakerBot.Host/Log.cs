namespace SpeakerBot.Host;

internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}; answered 500 as a problem")]
    public static partial void AdminRequestFailed(ILogger logger, string method, string path, Exception exception);
}
