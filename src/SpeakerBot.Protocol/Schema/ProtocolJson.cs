using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpeakerBot.Protocol.Schema;

/// <summary>Wire JSON: camelCase, nulls omitted (spec A2004), source-generated so the hot path does no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(HeroCard))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ExpectedReplies))]
[JsonSerializable(typeof(InvokeResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(TokenParameters))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
public sealed partial class ProtocolJson : JsonSerializerContext
{
    /// <summary>The wire context: like <see cref="Default"/>, but accents and apostrophes are written as themselves, not \u escapes.</summary>
    public static ProtocolJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonElement ToElement(string value) => JsonSerializer.SerializeToElement(value, Wire.String);

    public static JsonElement ToElement(HeroCard card) => JsonSerializer.SerializeToElement(card, Wire.HeroCard);
}
