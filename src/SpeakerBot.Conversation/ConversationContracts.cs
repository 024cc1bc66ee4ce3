using System.Text.Json;

namespace SpeakerBot.Conversation;

public enum TurnKind
{
    /// <summary>The user wrote something or clicked a button.</summary>
    Message,

    /// <summary>A user joined the conversation: send the welcome.</summary>
    Join,
}

/// <summary>
/// One user turn, channel-neutral: the protocol host builds it from an activity. <see cref="ConversationKey"/>
/// identifies the conversation state (e.g. "{channelId}/{conversationId}"); <see cref="UserKey"/> the user state.
/// </summary>
public sealed record TurnInput
{
    public required string ConversationKey { get; init; }

    public required string UserKey { get; init; }

    public TurnKind Kind { get; init; } = TurnKind.Message;

    public string? Text { get; init; }

    /// <summary>Programmatic payload of a button or card submit (postBack/messageBack), raw JSON.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>BCP-47 locale of the activity; French when absent.</summary>
    public string? Locale { get; init; }

    /// <summary>The user's local time when sent; relative dates ("jeudi prochain") resolve against it.</summary>
    public DateTimeOffset? LocalTimestamp { get; init; }

    public string? UserName { get; init; }
}

public enum ButtonKind
{
    /// <summary>Sends <see cref="BotButton.Value"/> as the user's text (imBack).</summary>
    Say,

    /// <summary>Sends <see cref="BotButton.Value"/> without echoing it in the feed (postBack).</summary>
    Post,

    /// <summary>Opens <see cref="BotButton.Value"/> as a URL.</summary>
    OpenUrl,
}

public sealed record BotButton(string Title, string Value, ButtonKind Kind = ButtonKind.Say);

/// <summary>A card: rendered as a hero card on Bot Framework channels.</summary>
public sealed record BotCard
{
    public required string Title { get; init; }

    public string? Subtitle { get; init; }

    public string? Text { get; init; }

    public string? ImageUrl { get; init; }

    public IReadOnlyList<BotButton> Buttons { get; init; } = [];
}

/// <summary>One message the bot sends: text (markdown), optional cards (carousel when several) and suggested actions.</summary>
public sealed record BotMessage
{
    public string? Text { get; init; }

    public IReadOnlyList<BotCard> Cards { get; init; } = [];

    public IReadOnlyList<BotButton> SuggestedActions { get; init; } = [];

    /// <summary>True when the bot waits for an answer to a question (expectingInput).</summary>
    public bool ExpectsInput { get; init; }

    public string? Locale { get; init; }
}

/// <summary>The bot's brain, independent of HTTP and the Bot Framework. One turn in, the replies out; state is persisted inside.</summary>
public interface IConversationEngine
{
    Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default);

    /// <summary>Forgets the dialog state of one conversation (after an unhandled error, or "recommencer").</summary>
    Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default);
}
