namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// An understanding that may need I/O (a language model). <see cref="IUnderstanding.Parse"/> stays the fast,
/// rules-only path; callers that can await use <see cref="ParseAsync"/> through
/// <see cref="UnderstandingExtensions.ParseAsync"/>, which works with any <see cref="IUnderstanding"/>.
/// </summary>
public interface IAsyncUnderstanding : IUnderstanding
{
    /// <summary>Never throws for model trouble and never waits past the configured budget: the rules' result is the floor.</summary>
    Task<Understood> ParseAsync(string text, string locale, DateTimeOffset reference, CancellationToken cancellationToken = default);
}

public static class UnderstandingExtensions
{
    /// <summary>
    /// The extension point for the dialog engine: call this once per turn instead of <see cref="IUnderstanding.Parse"/>.
    /// With no model configured it completes synchronously with the rules' result (no allocation of a task state machine
    /// beyond Task.FromResult); with a model, it may take up to LanguageModel:TimeoutMs.
    /// </summary>
    public static Task<Understood> ParseAsync(this IUnderstanding understanding, string text, string locale, DateTimeOffset reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(understanding);
        return understanding is IAsyncUnderstanding async
            ? async.ParseAsync(text, locale, reference, cancellationToken)
            : Task.FromResult(understanding.Parse(text, locale, reference));
    }
}
