using System.Text.Json;
using System.Text.Json.Nodes;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.LanguageModel;

/// <summary>
/// The JSON schema the model must answer with: the fields of the parse contract, enums taken from the taxonomy so the
/// model can only pick known slugs. E-mail and booking reference are left out on purpose: the rules read them exactly,
/// and e-mails are masked before the model sees the text anyway.
/// </summary>
public static class UnderstandingSchema
{
    public const string Name = "speakerbot_request";

    public static readonly IReadOnlyList<string> IntentNames =
    [
        Intents.FindSpeaker, Intents.BookVisit, Intents.BookPanel, Intents.BookingStatus, Intents.CancelBooking,
        Intents.Help, Intents.Greeting, Intents.Other,
    ];

    public static readonly string Json = Build();

    private static string Build()
    {
        var properties = new JsonObject
        {
            ["intent"] = Enum(IntentNames, nullable: false),
            ["sectors"] = new JsonObject { ["type"] = "array", ["items"] = Enum(Taxonomy.Sectors, nullable: false) },
            ["topics"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            ["region"] = Enum(Taxonomy.Regions, nullable: true),
            ["department"] = NullableString("French department code, e.g. \"31\", \"2A\", \"974\""),
            ["city"] = NullableString("French commune name as written in the message"),
            ["audience"] = Enum(Taxonomy.Audiences, nullable: true),
            ["classLevel"] = NullableString("French school level, e.g. \"4e\", \"seconde\", \"CM2\", \"BTS\", \"terminale\""),
            ["format"] = Enum(Taxonomy.Formats, nullable: true),
            ["dateFrom"] = NullableString("YYYY-MM-DD"),
            ["dateTo"] = NullableString("YYYY-MM-DD"),
            ["time"] = NullableString("HH:mm"),
            ["pupils"] = new JsonObject { ["type"] = new JsonArray("integer", "null") },
            ["speakers"] = new JsonObject { ["type"] = new JsonArray("integer", "null") },
        };
        var required = new JsonArray();
        foreach (var key in properties.Select(p => p.Key))
        {
            required.Add(key);
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
            ["required"] = required,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject Enum(IEnumerable<string> values, bool nullable)
    {
        var list = new JsonArray();
        foreach (var v in values)
        {
            list.Add(v);
        }

        if (nullable)
        {
            list.Add(null);
        }

        return new JsonObject
        {
            ["type"] = nullable ? new JsonArray("string", "null") : "string",
            ["enum"] = list,
        };
    }

    private static JsonObject NullableString(string description) => new()
    {
        ["type"] = new JsonArray("string", "null"),
        ["description"] = description,
    };
}
