using System.Globalization;
using System.Text;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Dialogs;

/// <summary>Lower case, no accents, punctuation as spaces: how keywords and choice labels are compared to what users type.</summary>
public static class DialogText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(TextFold.Fold(c));
                space = false;
            }
            else if (c is '?' or '@')
            {
                builder.Append(c);
                space = false;
            }
            else if (c is '\'' or '’' or '-')
            {
                builder.Append(c == '-' ? '-' : '\'');
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>True when the normalised message is one of the keywords, or contains a keyword of several words.</summary>
    public static bool Matches(string normalized, IReadOnlyList<string> keywords)
    {
        if (normalized.Length == 0)
        {
            return false;
        }

        foreach (var keyword in keywords)
        {
            if (normalized == keyword)
            {
                return true;
            }

            if (keyword.Contains(' ', StringComparison.Ordinal) && ContainsWords(normalized, keyword))
            {
                return true;
            }
        }

        return false;
    }

    public static bool ContainsWords(string normalized, string words)
    {
        var at = normalized.IndexOf(words, StringComparison.Ordinal);
        while (at >= 0)
        {
            var startOk = at == 0 || normalized[at - 1] == ' ';
            var end = at + words.Length;
            var endOk = end == normalized.Length || normalized[end] == ' ';
            if (startOk && endOk)
            {
                return true;
            }

            at = normalized.IndexOf(words, at + 1, StringComparison.Ordinal);
        }

        return false;
    }
}
