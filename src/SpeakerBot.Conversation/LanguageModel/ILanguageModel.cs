namespace SpeakerBot.Conversation.LanguageModel;

/// <summary>
/// One request to the model. <see cref="User"/> must already be masked (see <see cref="PersonalDataMasker"/>);
/// with a <see cref="JsonSchema"/>, the reply is constrained to it (structured output).
/// </summary>
public sealed record ModelRequest
{
    /// <summary>What the call is for ("understanding", "fit", "faq"): logs and usage only.</summary>
    public required string Purpose { get; init; }

    public required string System { get; init; }

    public required string User { get; init; }

    public string? SchemaName { get; init; }

    public string? JsonSchema { get; init; }

    public int MaxOutputTokens { get; init; } = 300;
}

/// <summary>
/// The language model port. Never throws for model trouble: null means "no usable answer" (off, timed out, failed,
/// circuit open, daily cap reached) and the caller falls back to its rules or templates.
/// </summary>
public interface ILanguageModel
{
    bool IsEnabled { get; }

    Task<string?> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The model when none is configured.</summary>
public sealed class NoLanguageModel : ILanguageModel
{
    public static readonly NoLanguageModel Instance = new();

    public bool IsEnabled => false;

    public Task<string?> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}
