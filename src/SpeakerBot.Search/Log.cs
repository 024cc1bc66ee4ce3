using Microsoft.Extensions.Logging;

namespace SpeakerBot.Search;

internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Search index built: {Count} speakers in {Milliseconds} ms")]
    public static partial void IndexBuilt(ILogger logger, int count, long milliseconds);

    [LoggerMessage(2002, LogLevel.Debug, "Search index updated live: {Count} speakers changed")]
    public static partial void IndexUpdated(ILogger logger, int count);

    [LoggerMessage(2003, LogLevel.Information, "Search index {Path} opened as it is: {Count} speakers, current with the directory (checked in {Milliseconds} ms)")]
    public static partial void IndexOpened(ILogger logger, string path, int count, long milliseconds);

    [LoggerMessage(2004, LogLevel.Warning, "Search index {Path} could not be read ({Reason}): rebuilding it from the directory")]
    public static partial void IndexUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(2005, LogLevel.Warning, "Search index {Path} is locked by another process: searching its last commit read-only, without live updates")]
    public static partial void IndexLocked(ILogger logger, string path);

    [LoggerMessage(2006, LogLevel.Warning, "Search index: {Count} changed speakers could not be applied ({Reason}); the whole directory is read again in a second")]
    public static partial void IndexUpdateFailed(ILogger logger, int count, string reason);
}
