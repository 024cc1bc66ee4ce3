using SpeakerBot.Domain;

namespace SpeakerBot.Search.Analysis;

/// <summary>Lower case and accent folding by table lookup: the analyzer's hot path, so no normalisation APIs.</summary>
public static class TextFolding
{
    private static readonly char[] Table = BuildTable();

    /// <summary>The folded letter or digit, or '\0' when the character separates words.</summary>
    public static char Fold(char c)
    {
        if (c < Table.Length)
        {
            return Table[c];
        }

        return char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '\0';
    }

    /// <summary>Folds a whole string (words kept, separators become single spaces, trimmed).</summary>
    public static string FoldText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new char[text.Length * 2];
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is 'œ' or 'Œ' or 'æ' or 'Æ')
            {
                AppendSpace();
                buffer[length++] = c is 'œ' or 'Œ' ? 'o' : 'a';
                buffer[length++] = 'e';
                continue;
            }

            var folded = Fold(c);
            if (folded == '\0')
            {
                pendingSpace = length > 0;
                continue;
            }

            AppendSpace();
            buffer[length++] = folded;
        }

        return new string(buffer, 0, length);

        void AppendSpace()
        {
            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }
        }
    }

    private static char[] BuildTable()
    {
        var table = new char[0x250];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)i;
            table[i] = !char.IsLetterOrDigit(c) ? '\0' : TextFold.Fold(c) is { Length: 1 } folded ? folded[0] : char.ToLowerInvariant(c);
        }

        return table;
    }
}
