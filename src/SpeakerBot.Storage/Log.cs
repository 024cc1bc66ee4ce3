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

    [LoggerMessage(1101, LogLevel.Warning, "Lost the PostgreSQL backplane connection ({Reason}); retrying (every 1 to 30 s). Meanwhile other instances' Direct Line messages and directory changes reach this one only when it catches up.")]
    public static partial void BackplaneLost(ILogger logger, string reason);

    [LoggerMessage(1102, LogLevel.Information, "PostgreSQL backplane connection back; catching up with what other instances changed meanwhile")]
    public static partial void BackplaneReconnected(ILogger logger);

    [LoggerMessage(1103, LogLevel.Warning, "A subscriber of the PostgreSQL channel {Channel} failed")]
    public static partial void BackplaneHandlerFailed(ILogger logger, Exception exception, string channel);
}
