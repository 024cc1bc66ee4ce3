using System.Text.Json;

namespace SpeakerBot.Conversation.Dialogs;

/// <summary>
/// Maps every JSON path of a document ("$.steps[2].type") to the line it starts on, so start-up errors in dialog
/// files can say file:line to the person who edited them; JsonDocument itself forgets positions.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public int LineOf(string path)
    {
        // An element that is absent is reported at its parent's line.
        for (var probe = path; probe.Length > 0; probe = Parent(probe))
        {
            if (_lines.TryGetValue(probe, out var line))
            {
                return line;
            }
        }

        return 1;
    }

    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var map = new JsonLineMap();
        var newlines = new List<long>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<Container>();
        string? propertyPath = null;
        while (reader.Read())
        {
            var line = LineOf(newlines, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    propertyPath = stack[^1].Path + "." + reader.GetString();
                    map._lines.TryAdd(propertyPath, line);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = NextValuePath(stack, propertyPath);
                    map._lines.TryAdd(path, line);
                    stack.Add(new Container(reader.TokenType == JsonTokenType.StartArray, path));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.RemoveAt(stack.Count - 1);
                    break;
                default:
                    map._lines.TryAdd(NextValuePath(stack, propertyPath), line);
                    break;
            }
        }

        return map;
    }

    private static string NextValuePath(List<Container> stack, string? propertyPath)
    {
        if (stack.Count == 0)
        {
            return "$";
        }

        var top = stack[^1];
        if (!top.IsArray)
        {
            return propertyPath ?? top.Path;
        }

        top.Index++;
        return $"{top.Path}[{top.Index}]";
    }

    private static int LineOf(List<long> newlines, long offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private sealed class Container(bool isArray, string path)
    {
        public bool IsArray { get; } = isArray;

        public string Path { get; } = path;

        public int Index { get; set; } = -1;
    }
}
