using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpeakerBot.Protocol.Schema;

/// <summary>Direct Line 3.0 <c>Conversation</c> resource: what start, resume, tokens/generate and tokens/refresh answer.</summary>
public sealed class ConversationResponse
{
    public required string ConversationId { get; set; }

    public required string Token { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    public string? StreamUrl { get; set; }
}

public sealed class ActivitySet
{
    public required IReadOnlyList<Activity> Activities { get; set; }

    public required string Watermark { get; set; }
}

/// <summary>Optional body of <c>tokens/generate</c> and <c>POST /conversations</c>.</summary>
public sealed class TokenParameters
{
    public ChannelAccount? User { get; set; }

    public string? Locale { get; set; }

    public List<string>? TrustedOrigins { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
