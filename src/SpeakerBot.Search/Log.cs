using Microsoft.Extensions.Logging;

namespace SpeakerBot.Search;

internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Search index built: {Count} speakers in {Milliseconds} ms")]
    public static partial void IndexBuilt(ILogger logger, int count, long milliseconds);

    [LoggerMessage(2002, LogLevel.Debug, "Search index updated live: {Count} speakers changed")]
    public static partial void IndexUpdated(ILogger logger, int count);
}
