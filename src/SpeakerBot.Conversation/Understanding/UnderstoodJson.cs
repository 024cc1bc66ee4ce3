using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>The `parse` contract: one JSON object with fixed field names and order; dates YYYY-MM-DD, time HH:mm.</summary>
public static class UnderstoodJson
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "intent", "sectors", "topics", "region", "department", "city", "audience", "classLevel", "format",
        "dateFrom", "dateTo", "time", "pupils", "speakers", "bookingRef", "email",
    ];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(Understood understood)
    {
        ArgumentNullException.ThrowIfNull(understood);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, understood);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, Understood u)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(u);
        writer.WriteStartObject();
        writer.WriteString("intent", u.Intent);
        WriteList(writer, "sectors", u.Sectors);
        WriteList(writer, "topics", u.Topics);
        writer.WriteString("region", u.Region);
        writer.WriteString("department", u.Department);
        writer.WriteString("city", u.City);
        writer.WriteString("audience", u.Audience);
        writer.WriteString("classLevel", u.ClassLevel);
        writer.WriteString("format", u.Format);
        writer.WriteString("dateFrom", u.DateFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("dateTo", u.DateTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("time", u.Time?.ToString("HH:mm", CultureInfo.InvariantCulture));
        WriteNumber(writer, "pupils", u.Pupils);
        WriteNumber(writer, "speakers", u.Speakers);
        writer.WriteString("bookingRef", u.BookingRef);
        writer.WriteString("email", u.Email);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
