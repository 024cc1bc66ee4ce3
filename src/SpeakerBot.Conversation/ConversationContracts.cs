using System.Text.Json;
using System.Text.Json.Serialization;

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

    /// <summary>
    /// The processed-activity mark of this turn when the channel can redeliver it. The engine commits the mark, with
    /// the replies, in the same transaction as the state, so a crash leaves either both or neither.
    /// </summary>
    public string? ActivityKey { get; init; }
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

/// <summary>The replies of a turn as recorded with its processed-activity mark, so a redelivery gets them again.</summary>
public static class TurnRecord
{
    public static string Serialize(IReadOnlyList<BotMessage> replies) =>
        JsonSerializer.Serialize([.. replies], TurnRecordJson.Default.ListBotMessage);

    /// <summary>An unreadable or empty record (a mark written before replies were recorded) replays nothing.</summary>
    public static IReadOnlyList<BotMessage> Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, TurnRecordJson.Default.ListBotMessage) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<BotMessage>))]
internal sealed partial class TurnRecordJson : JsonSerializerContext;

/// <summary>The bot's brain, independent of HTTP and the Bot Framework. One turn in, the replies out; state is persisted inside.</summary>
public interface IConversationEngine
{
    Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default);

    /// <summary>Forgets the dialog state of one conversation (after an unhandled error, or "recommencer").</summary>
    Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default);
}
