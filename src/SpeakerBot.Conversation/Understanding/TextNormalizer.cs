using System.Globalization;
using System.Text;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>One word of a message: folded form (lower case, no accents) and its span in the original text.</summary>
internal readonly record struct Token(string Text, int Start, int Length, char Separator)
{
    public bool HyphenBefore => Separator == '-';

    public bool IsNumber => Text.Length > 0 && char.IsAsciiDigit(Text[0]) && IsAllDigits(Text);

    public int NumberValue => IsNumber && Text.Length <= 9 ? int.Parse(Text, CultureInfo.InvariantCulture) : -1;

    public int End => Start + Length;

    private static bool IsAllDigits(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// Folds text once per message (lower case, accents removed, ligatures split) and cuts it into word tokens.
/// A per-character table built at start-up keeps this allocation-light: the whole turn budget is 2 ms.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>Folds one string (used for lexicon phrases and whole messages alike, so both sides agree).</summary>
    public static string Fold(string text) => TextFold.Fold(text);

    /// <summary>Folds and tokenises: letters and digits form words; apostrophes, hyphens and punctuation separate them.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(16);
        var sb = new StringBuilder(24);
        var start = -1;
        var separator = '\0';
        var tokenSeparator = '\0';
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                    tokenSeparator = separator;
                }

                sb.Append(TextFold.Fold(c));
                continue;
            }

            if (start >= 0)
            {
                tokens.Add(new Token(sb.ToString(), start, i - start, tokenSeparator));
                sb.Clear();
                start = -1;
                separator = '\0';
            }

            if (c is '-' or '\u2010' or '\u2011' or '\u2013' or '\u2014')
            {
                separator = '-';
            }
            else if (!char.IsWhiteSpace(c))
            {
                separator = c;
            }
        }

        return tokens;
    }
}
