namespace SpeakerBot.Domain;

/// <summary>
/// A person's name is plain text: no control character (a line break would reach calendars and mail headers)
/// and none of the characters that make markup (&lt;a href&gt;, [text](link)) in the pages and chats that show it.
/// Every entry point (import, admin API, /join) refuses such a name with this rule (decision 091).
/// </summary>
public static class PersonName
{
    /// <summary>The characters refused besides control characters, as shown in messages.</summary>
    public const string ForbiddenMarkup = "< > [ ]";

    /// <summary>The first character that makes <paramref name="name"/> more than plain text, or null when it is plain.</summary>
    public static char? ForbiddenCharacter(string? name)
    {
        foreach (var c in name ?? string.Empty)
        {
            if (char.IsControl(c) || c is '<' or '>' or '[' or ']' or '\u2028' or '\u2029')
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>How <paramref name="c"/> is named in a message: visible characters as themselves, others by code point.</summary>
    public static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : c.ToString();
}
