namespace SpeakerBot.Bookings.Tests;

/// <summary>Reads an RFC 5545 text back: unfolds lines and returns (name, parameters, value) with the component path.</summary>
public static class IcsReader
{
    public sealed record Property(string Component, string Name, IReadOnlyDictionary<string, string> Parameters, string Value);

    public static IReadOnlyList<Property> Read(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var raw = text.Split("\r\n")[..^1];
        foreach (var line in raw)
        {
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}");
        }

        var lines = new List<string>();
        foreach (var line in raw)
        {
            if (line.StartsWith(' ') && lines.Count > 0)
            {
                lines[^1] += line[1..];
            }
            else
            {
                lines.Add(line);
            }
        }

        var stack = new Stack<string>();
        var properties = new List<Property>();
        foreach (var line in lines)
        {
            var colon = IndexOfUnquoted(line, ':');
            var head = line[..colon];
            var value = line[(colon + 1)..];
            if (head == "BEGIN")
            {
                stack.Push(value);
                continue;
            }

            if (head == "END")
            {
                Assert.Equal(stack.Pop(), value);
                continue;
            }

            var pieces = SplitUnquoted(head, ';');
            var parameters = pieces.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('"'), StringComparer.Ordinal);
            properties.Add(new Property(stack.Peek(), pieces[0], parameters, Unescape(value)));
        }

        Assert.Empty(stack);
        return properties;
    }

    // A quoted parameter value (CN="Durand; Sophie") may hold ';': only separators outside quotes split.
    private static List<string> SplitUnquoted(string head, char c)
    {
        var pieces = new List<string>();
        var start = 0;
        while (true)
        {
            var next = IndexOfUnquoted(head[start..], c);
            if (next < 0)
            {
                pieces.Add(head[start..]);
                return pieces;
            }

            pieces.Add(head.Substring(start, next));
            start += next + 1;
        }
    }

    private static int IndexOfUnquoted(string line, char c)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == c && !quoted)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string value) => value
        .Replace("\\n", "\n", StringComparison.Ordinal)
        .Replace("\\,", ",", StringComparison.Ordinal)
        .Replace("\\;", ";", StringComparison.Ordinal)
        .Replace("\\\\", "\\", StringComparison.Ordinal);
}
