namespace SpeakerBot.Host;

internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}; answered 500 as a problem")]
    public static partial void AdminRequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Data root {DataRoot}: database {Database}, outbox {Outbox} (set SPEAKERBOT_DATA or Storage__DataRoot to change)")]
    public static partial void DataFiles(ILogger logger, string dataRoot, string database, string outbox);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Critical, Message = "Cannot start: {Problem}")]
    public static partial void DatabaseUnusable(ILogger logger, string problem);

    // Proposals are named by the first characters of their random id only: never her name, e-mail or phone.
    [LoggerMessage(EventId = 9021, Level = LogLevel.Information, Message = "Join proposal {Proposal} kept unconfirmed; confirmation mail queued")]
    public static partial void JoinProposed(ILogger logger, string proposal);

    [LoggerMessage(EventId = 9022, Level = LogLevel.Information, Message = "Join proposal {Proposal} confirmed by its mailed link; pending speaker {SpeakerId} created")]
    public static partial void JoinConfirmed(ILogger logger, string proposal, string speakerId);

    [LoggerMessage(EventId = 9023, Level = LogLevel.Warning, Message = "Join proposal {Proposal} could not become a speaker (field {Field})")]
    public static partial void JoinConfirmationFailed(ILogger logger, string proposal, string field);
}
