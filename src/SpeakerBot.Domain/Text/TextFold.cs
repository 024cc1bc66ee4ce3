using System.Globalization;
using System.Text;

namespace SpeakerBot.Domain;

/// <summary>
/// The one folding table of the service: lower case, accents removed, ligatures split (œ → oe, æ → ae, ß → ss),
/// letters with a stroke to their base letter (ø, ł, đ), typographic apostrophes to '. Understanding, keyword matching,
/// place names, the search analyzer and the explanations all fold through it, so "Cœur" and "coeur" meet everywhere.
/// Tokenising (what separates words, what is kept) stays with each caller.
/// </summary>
public static class TextFold
{
    private const int TableSize = 0x250;
    private static readonly string[] Table = BuildTable();

    /// <summary>The folded form of one character (usually one character; two for a ligature).</summary>
    public static string Fold(char c)
    {
        if (c < TableSize)
        {
            return Table[c];
        }

        return c switch
        {
            '\u2019' or '\u2018' or '\u02BC' => "'",
            _ => char.ToLowerInvariant(c).ToString(),
        };
    }

    /// <summary>Folds every character of <paramref name="text"/>; nothing is removed or merged.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(Fold(c));
        }

        return sb.ToString();
    }

    private static string[] BuildTable()
    {
        var table = new string[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var lower = char.ToLowerInvariant((char)i);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            var sb = new StringBuilder(2);
            foreach (var d in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    sb.Append(d);
                }
            }

            table[i] = sb.ToString();
        }

        void Map(string from, string to)
        {
            foreach (var c in from)
            {
                table[c] = to;
            }
        }

        Map("œŒ", "oe");
        Map("æÆ", "ae");
        Map("ß", "ss");
        Map("øØ", "o");
        Map("łŁ", "l");
        Map("đĐ", "d");
        Map("ħĦ", "h");
        Map("ŧŦ", "t");
        Map("ı", "i");
        return table;
    }
}
