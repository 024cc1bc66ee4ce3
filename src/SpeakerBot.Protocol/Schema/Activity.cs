using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpeakerBot.Protocol.Schema;

/// <summary>
/// A Bot Framework activity. Unknown fields land in <see cref="ExtensionData"/> and are written back unchanged,
/// because channels (Teams, Web Chat) rely on their own fields round-tripping.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? Timestamp { get; set; }

    public string? LocalTimestamp { get; set; }

    public string? LocalTimezone { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? ReplyToId { get; set; }

    public List<JsonElement>? Entities { get; set; }

    public JsonElement? ChannelData { get; set; }

    public string? CallerId { get; set; }

    /// <summary>
    /// Set by the built-in Direct Line host, which wrote <see cref="From"/> from the user its token was issued to.
    /// Never read from the wire (not public), so a posted activity cannot claim it.
    /// </summary>
    internal bool FromIssuedToken { get; set; }

    public string? Locale { get; set; }

    public string? Name { get; set; }

    public JsonElement? Value { get; set; }

    public string? DeliveryMode { get; set; }

    public string? Text { get; set; }

    public string? TextFormat { get; set; }

    public string? Speak { get; set; }

    public string? InputHint { get; set; }

    public string? Summary { get; set; }

    public List<Attachment>? Attachments { get; set; }

    public string? AttachmentLayout { get; set; }

    public SuggestedActions? SuggestedActions { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    public List<ChannelAccount>? MembersRemoved { get; set; }

    public string? TopicName { get; set; }

    public string? Code { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool? IsGroup { get; set; }

    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An attachment; <see cref="Content"/> stays raw JSON so Adaptive Cards and unknown card types pass through untouched.</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    public JsonElement? Content { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Content of <c>application/vnd.microsoft.card.hero</c> and <c>…card.thumbnail</c> attachments.</summary>
public sealed class HeroCard
{
    public const string HeroContentType = "application/vnd.microsoft.card.hero";
    public const string ThumbnailContentType = "application/vnd.microsoft.card.thumbnail";
    public const string AdaptiveContentType = "application/vnd.microsoft.card.adaptive";

    public string? Title { get; set; }

    public string? Subtitle { get; set; }

    public string? Text { get; set; }

    public List<CardImage>? Images { get; set; }

    public List<CardAction>? Buttons { get; set; }

    public CardAction? Tap { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class CardImage
{
    public string? Url { get; set; }

    public string? Alt { get; set; }

    public CardAction? Tap { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class CardAction
{
    public string? Type { get; set; }

    public string? Title { get; set; }

    public string? Image { get; set; }

    public string? ImageAltText { get; set; }

    public string? Text { get; set; }

    public string? DisplayText { get; set; }

    /// <summary>Raw JSON: a string for imBack (Web Chat throws otherwise), an object for postBack/messageBack.</summary>
    public JsonElement? Value { get; set; }

    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class SuggestedActions
{
    public List<string>? To { get; set; }

    public List<CardAction>? Actions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Answer of the Connector and Direct Line "post activity" calls.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Body of the 200 answer to an activity sent with <c>deliveryMode: expectReplies</c>.</summary>
public sealed class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = [];
}

/// <summary>The <c>value</c> of an <c>invokeResponse</c> activity: the HTTP status and body the invoke would have been answered with.</summary>
public sealed class InvokeResponse
{
    public int Status { get; set; }

    public JsonElement? Body { get; set; }
}

public sealed class ErrorBody
{
    public required string Code { get; set; }

    public required string Message { get; set; }
}

public sealed class ErrorResponse
{
    public required ErrorBody Error { get; set; }

    public static ErrorResponse Of(string code, string message) => new() { Error = new ErrorBody { Code = code, Message = message } };
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string EndOfConversation = "endOfConversation";
    public const string Trace = "trace";
    public const string InvokeResponse = "invokeResponse";
}

public static class InputHints
{
    public const string AcceptingInput = "acceptingInput";
    public const string ExpectingInput = "expectingInput";
    public const string IgnoringInput = "ignoringInput";
}

public static class DeliveryModes
{
    public const string ExpectReplies = "expectReplies";
}
