using Microsoft.Extensions.Options;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>The built-in Direct Line 3.0 host (section <c>DirectLine</c>).</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Optional secret for server-to-server callers; when set, tokens/generate requires it.</summary>
    public string? Secret { get; set; }

    /// <summary>Base64 HMAC key signing tokens (≥ 32 bytes). Empty: a new key per start, so tokens die with the process.</summary>
    public string? TokenSigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long GET activities waits for something new; directlinejs gives up at 20 s and then stops polling for good.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a long-poll woken while a turn runs waits for that turn, so the echo and the reply come in one answer
    /// rather than the reply a whole polling interval later. Zero answers as soon as anything is new.
    /// </summary>
    public TimeSpan PollLinger { get; set; } = TimeSpan.FromMilliseconds(500);

    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>Sustained activities per second one conversation may post, and the burst allowed above it.</summary>
    public double ActivitiesPerSecond { get; set; } = 5;

    public int ActivityBurst { get; set; } = 20;

    /// <summary>
    /// Conversations and tokens one client address may create per minute (tokens/generate, the page's token endpoint,
    /// POST /conversations), and the burst allowed above it. The page costs two per visitor (token, then start), and a
    /// classroom behind one NAT address opens it at once, hence the generous burst.
    /// </summary>
    public double CreationsPerMinute { get; set; } = DefaultCreationsPerMinute;

    public int CreationBurst { get; set; } = DefaultCreationBurst;

    /// <summary>Largest upload (all files of one POST …/upload together), in bytes (larger → 413).</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>Where uploaded files are kept; empty means a folder under the system temp directory.</summary>
    public string? UploadDirectory { get; set; }

    /// <summary>How long an uploaded file stays downloadable (ABS keeps uploads 24 h).</summary>
    public TimeSpan UploadRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Recent activities kept in memory for replay, bounded in bytes so an idle conversation stays small.</summary>
    public int MaxTranscriptBytes { get; set; } = 6 * 1024;

    /// <summary>A conversation untouched this long leaves memory; it reloads from the store when used again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    public string BotId { get; set; } = "speakerbot";

    public string BotName { get; set; } = "SpeakerBot";

    public const double DefaultCreationsPerMinute = 120;
    public const int DefaultCreationBurst = 60;
    public const long DefaultMaxUploadBytes = 4 * 1024 * 1024;

    internal string ResolvedUploadDirectory =>
        string.IsNullOrWhiteSpace(UploadDirectory) ? Path.Combine(Path.GetTempPath(), "speakerbot-uploads") : UploadDirectory;
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.TokenSigningKey))
        {
            var buffer = new byte[options.TokenSigningKey.Length];
            if (!Convert.TryFromBase64String(options.TokenSigningKey, buffer, out var length) || length < 32)
            {
                failures.Add("DirectLine:TokenSigningKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`).");
            }
        }

        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromHours(24))
        {
            failures.Add($"DirectLine:TokenLifetime must be between 1 minute and 24 hours, got {options.TokenLifetime}.");
        }

        if (options.PollWait < TimeSpan.Zero || options.PollWait >= TimeSpan.FromSeconds(10))
        {
            failures.Add($"DirectLine:PollWait must be between 0 and 10 seconds (the client times out at 20 s), got {options.PollWait}.");
        }

        if (options.PollLinger < TimeSpan.Zero || options.PollLinger > TimeSpan.FromSeconds(5))
        {
            failures.Add($"DirectLine:PollLinger must be between 0 and 5 seconds (a poll must answer well within the client's 20 s), got {options.PollLinger}.");
        }

        if (options.MaxActivityBytes < 1024)
        {
            failures.Add($"DirectLine:MaxActivityBytes must be at least 1024, got {options.MaxActivityBytes}.");
        }

        if (options.ActivitiesPerSecond <= 0 || options.ActivityBurst < 1)
        {
            failures.Add("DirectLine:ActivitiesPerSecond must be positive and DirectLine:ActivityBurst at least 1.");
        }

        if (options.CreationsPerMinute <= 0 || options.CreationBurst < 1)
        {
            failures.Add("DirectLine:CreationsPerMinute must be positive and DirectLine:CreationBurst at least 1.");
        }

        if (options.MaxUploadBytes < 1024)
        {
            failures.Add($"DirectLine:MaxUploadBytes must be at least 1024, got {options.MaxUploadBytes}.");
        }

        if (options.UploadRetention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"DirectLine:UploadRetention must be at least 1 minute, got {options.UploadRetention}.");
        }

        if (options.MaxTranscriptBytes < 1024)
        {
            failures.Add($"DirectLine:MaxTranscriptBytes must be at least 1024, got {options.MaxTranscriptBytes}.");
        }

        if (string.IsNullOrWhiteSpace(options.BotId))
        {
            failures.Add("DirectLine:BotId must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
