using System.Text.Json;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// What a card button asks for (see Value of the Post buttons). Read from the activity's value, or from its text,
/// because on Bot Framework a postBack with a string value arrives as the message text.
/// </summary>
internal sealed record ButtonAction(string Action, string? SpeakerId, string? Constraint, string? Intent)
{
    public const string Profile = "profile";
    public const string Book = "book";
    public const string Relax = "relax";
    public const string Start = "start";

    public static string Encode(string action, string? speakerId = null, string? constraint = null, string? intent = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            if (speakerId is not null)
            {
                writer.WriteString("speakerId", speakerId);
            }

            if (constraint is not null)
            {
                writer.WriteString("constraint", constraint);
            }

            if (intent is not null)
            {
                writer.WriteString("intent", intent);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ButtonAction? TryRead(TurnInput input)
    {
        if (input.Value is { } value)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                return FromElement(value);
            }

            if (value.ValueKind == JsonValueKind.String && TryParse(value.GetString()) is { } fromString)
            {
                return fromString;
            }
        }

        return TryParse(input.Text);
    }

    private static ButtonAction? TryParse(string? text)
    {
        var trimmed = text?.Trim();
        if (trimmed is null || !trimmed.StartsWith('{') || !trimmed.Contains("\"action\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromElement(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ButtonAction? FromElement(JsonElement element)
    {
        static string? Read(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var action = Read(element, "action");
        return action is null ? null : new ButtonAction(action, Read(element, "speakerId"), Read(element, "constraint"), Read(element, "intent"));
    }
}
