namespace SpeakerBot.Host;

internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}; answered 500 as a problem")]
    public static partial void AdminRequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Data root {DataRoot}: database {Database}, outbox {Outbox} (set SPEAKERBOT_DATA or Storage__DataRoot to change)")]
    public static partial void DataFiles(ILogger logger, string dataRoot, string database, string outbox);
}
