using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>One labelled message of a parse test set: {"text", "locale", "today"?, "expect": {contract fields}}.</summary>
public sealed record ParseCase(int Line, string Text, string Locale, DateOnly Today, JsonElement Expect);

/// <summary>A field that came out wrong.</summary>
public sealed record FieldMiss(ParseCase Case, string Field, string Expected, string Actual);

/// <summary>
/// Replays a JSONL test set and scores every contract field of every case (a field absent from "expect" must be
/// null or empty), so the figure reported is "fields right / fields judged", the measure of the accuracy target.
/// </summary>
public sealed class UnderstandingEvaluation
{
    private readonly Dictionary<string, (int Right, int Total)> _byField = new(StringComparer.Ordinal);

    public int Cases { get; private set; }

    public int CasesAllRight { get; private set; }

    public List<FieldMiss> Misses { get; } = [];

    public int Right => _byField.Values.Sum(v => v.Right);

    public int Total => _byField.Values.Sum(v => v.Total);

    public double Accuracy => Total == 0 ? 0 : (double)Right / Total;

    public IReadOnlyDictionary<string, (int Right, int Total)> ByField => _byField;

    public static IReadOnlyList<ParseCase> ReadCases(string path, DateOnly defaultToday)
    {
        var cases = new List<ParseCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: \"text\" (a string) is required.");
            }

            var locale = root.TryGetProperty("locale", out var loc) && loc.ValueKind == JsonValueKind.String ? loc.GetString()! : "fr";
            var today = root.TryGetProperty("today", out var t) && t.ValueKind == JsonValueKind.String
                ? DateOnly.ParseExact(t.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : defaultToday;
            var expect = root.TryGetProperty("expect", out var e) ? e.Clone() : default;
            cases.Add(new ParseCase(lineNumber, text.GetString()!, locale, today, expect));
        }

        return cases;
    }

    public void Score(ParseCase c, Understood actual)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(actual);
        using var doc = JsonDocument.Parse(UnderstoodJson.Serialize(actual));
        var got = doc.RootElement;
        var allRight = true;
        Cases++;
        foreach (var field in UnderstoodJson.Fields)
        {
            var expected = c.Expect.ValueKind == JsonValueKind.Object && c.Expect.TryGetProperty(field, out var ex) ? ex : default;
            var value = got.GetProperty(field);
            var ok = Same(field, expected, value);
            var (right, total) = _byField.GetValueOrDefault(field);
            _byField[field] = (right + (ok ? 1 : 0), total + 1);
            if (!ok)
            {
                allRight = false;
                Misses.Add(new FieldMiss(c, field, Show(expected), Show(value)));
            }
        }

        if (allRight)
        {
            CasesAllRight++;
        }
    }

    public string Report(bool withMisses)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"cases: {Cases}, all fields right: {CasesAllRight}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"fields right: {Right}/{Total} = {Accuracy:P2}");
        foreach (var field in UnderstoodJson.Fields)
        {
            if (_byField.TryGetValue(field, out var v))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {field,-11} {v.Right,4}/{v.Total,-4} {(double)v.Right / v.Total:P1}");
            }
        }

        if (withMisses)
        {
            foreach (var m in Misses)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"line {m.Case.Line} {m.Field}: expected {m.Expected}, got {m.Actual}  <- {m.Case.Text}");
            }
        }

        return sb.ToString();
    }

    private static bool Same(string field, JsonElement expected, JsonElement actual)
    {
        var e = Normalise(field, expected);
        var a = Normalise(field, actual);
        return string.Equals(e, a, StringComparison.Ordinal);
    }

    /// <summary>Lists compare as sets; names compare without case or accents ("Saint-Étienne" = "saint-etienne").</summary>
    private static string Normalise(string field, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return field is "sectors" or "topics" ? "[]" : "null";
            case JsonValueKind.Array:
                {
                    var items = value.EnumerateArray().Select(v => TextNormalizer.Fold(v.ToString())).Order(StringComparer.Ordinal);
                    return "[" + string.Join(",", items) + "]";
                }

            case JsonValueKind.String:
                {
                    var s = value.GetString()!;
                    return field is "city" or "classLevel" or "topics" ? TextNormalizer.Fold(s).Replace('-', ' ') : s;
                }

            default:
                return value.GetRawText();
        }
    }

    private static string Show(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText();
}
