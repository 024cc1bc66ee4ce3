using System.Globalization;
using System.Text;
using SpeakerBot.Domain;

namespace SpeakerBot.Search.Geography;

/// <summary>One word of a sentence: where it is in the original text and its folded form.</summary>
internal readonly record struct PlaceToken(int Start, int End, string Norm, bool Capitalised, bool AfterBreak, bool IsDigits);

/// <summary>
/// Folding and tokenising for place names: lower case, no accents, every non-alphanumeric character a separator,
/// and the usual abbreviations expanded (St → saint), so "St-Étienne", "saint etienne" and "SAINT-ÉTIENNE" meet.
/// </summary>
internal static class PlaceText
{
    // Folded form of every char below U+0250 (Latin-1 and Latin Extended-A/B), computed once; null = separator.
    private static readonly string?[] Fold = BuildFoldTable();

    private static string?[] BuildFoldTable()
    {
        var table = new string?[0x250];
        for (var c = 0; c < table.Length; c++)
        {
            var ch = (char)c;
            if (!char.IsLetterOrDigit(ch))
            {
                continue;
            }

            table[c] = TextFold.Fold(ch);
        }

        return table;
    }

    private static string Expand(string token) => token switch
    {
        "st" => "saint",
        "ste" => "sainte",
        "sts" => "saints",
        "stes" => "saintes",
        "mt" => "mont",
        "lez" => "les",
        _ => token,
    };

    /// <summary>Tokens of <paramref name="text"/> with their spans in the original string.</summary>
    public static List<PlaceToken> Tokenize(string text)
    {
        var tokens = new List<PlaceToken>();
        var sb = new StringBuilder(24);
        var start = -1;
        var afterBreak = true;
        var pendingBreak = true;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            string? folded;
            if (c < Fold.Length)
            {
                folded = Fold[c];
            }
            else
            {
                folded = char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString() : null;
            }

            if (folded is not null)
            {
                if (start < 0)
                {
                    start = i;
                    afterBreak = pendingBreak;
                    pendingBreak = false;
                }

                sb.Append(folded);
                continue;
            }

            if (start >= 0)
            {
                var norm = Expand(sb.ToString());
                var isDigits = norm.All(char.IsAsciiDigit);
                tokens.Add(new PlaceToken(start, i, norm, char.IsUpper(text[start]), afterBreak, isDigits));
                sb.Clear();
                start = -1;
            }

            // Words on either side of these characters do not belong to one name.
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '/' or '\n' or '"' or '«' or '»' or '[' or ']')
            {
                pendingBreak = true;
            }
        }

        return tokens;
    }

    /// <summary>The folded key of a name: its tokens joined by single spaces.</summary>
    public static string Key(string text)
    {
        var tokens = Tokenize(text);
        return tokens.Count switch
        {
            0 => string.Empty,
            1 => tokens[0].Norm,
            _ => string.Join(' ', tokens.Select(t => t.Norm)),
        };
    }

    /// <summary>The folded tokens of a name.</summary>
    public static string[] Words(string text) => [.. Tokenize(text).Select(t => t.Norm)];
}
