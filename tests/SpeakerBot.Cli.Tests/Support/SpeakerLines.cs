using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpeakerBot.Cli.Tests.Support;

/// <summary>Rows to import, and what `export` wrote back.</summary>
internal static class SpeakerLines
{
    public static string Json(string id, string sector = "numerique", string? bio = null, string? email = null, string? phone = null, bool withHeadline = true)
    {
        var o = new JsonObject
        {
            ["id"] = id,
            ["firstName"] = "Zoé",
            ["lastName"] = "Hamon",
            ["sector"] = sector,
            ["region"] = "occitanie",
            ["department"] = "31",
            ["city"] = "Toulouse",
            ["lat"] = 43.6,
            ["lon"] = 1.44,
            ["topics"] = new JsonArray("intelligence artificielle", "mixité des métiers"),
            ["formats"] = new JsonArray("classroom"),
            ["audiences"] = new JsonArray("lycee"),
            ["languages"] = new JsonArray("fr"),
            ["bio"] = bio ?? "Bio de test.",
        };
        if (withHeadline)
        {
            o["headline"] = "Data scientist";
        }

        if (email is not null)
        {
            o["email"] = email;
        }

        if (phone is not null)
        {
            o["phone"] = phone;
        }

        return o.ToJsonString();
    }

    /// <summary>The speakers of an exported JSONL file, by id.</summary>
    public static Dictionary<string, JsonObject> ReadExport(string path) =>
        File.ReadLines(path)
            .Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToDictionary(o => o["id"]!.GetValue<string>(), StringComparer.Ordinal);

    public static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    public static JsonElement ParseJson(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
