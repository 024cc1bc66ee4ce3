using Microsoft.Extensions.Logging;

namespace SpeakerBot.Storage;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "No seed directory at {Path}; starting with an empty directory")]
    public static partial void SeedMissing(ILogger logger, string path);

    [LoggerMessage(1002, LogLevel.Information, "Seeded the empty directory with {Count} speakers from {Path} ({Rejected} rows rejected)")]
    public static partial void Seeded(ILogger logger, int count, string path, int rejected);

    [LoggerMessage(1003, LogLevel.Warning, "Seed row rejected, line {Line}: {Reason}")]
    public static partial void SeedRowRejected(ILogger logger, int line, string reason);
}
