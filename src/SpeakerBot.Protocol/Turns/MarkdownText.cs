using System.Text;

namespace SpeakerBot.Protocol.Turns;

/// <summary>
/// The engine's replies are plain text in which names, bios, topics and messages typed by people are mixed with
/// the product's own sentences; channels render message text and hero cards as markdown. Escaping here, where
/// the reply becomes an activity, makes every character show as written: a bio's "[cliquez ici](javascript:…)",
/// "![img](http://…)" or "&lt;img onerror&gt;" is text, never a link, an image or HTML. The product's sentences
/// use no markdown, so nothing of theirs is lost; links the product offers are buttons (decision 091).
/// </summary>
public static class MarkdownText
{
    // '!' needs no escape: an image needs the '[' that follows it, and that one is escaped.
    private static readonly char[] Special = ['\\', '[', ']', '<', '>', '`', '*', '_'];

    /// <summary>
    /// Backslash before every character that starts a link, an image, an autolink, inline HTML, code or emphasis
    /// (CommonMark §2.4: any ASCII punctuation may be escaped). Line breaks, list dashes and ordinary punctuation
    /// are kept, so the text reads the same in a client that shows it raw.
    /// </summary>
    public static string? Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.IndexOfAny(Special) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Array.IndexOf(Special, c) >= 0)
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
