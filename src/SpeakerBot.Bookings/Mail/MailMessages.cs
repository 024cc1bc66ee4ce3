using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Mail;

/// <summary>
/// The MIME form of one outbox message: the plain text as written, an HTML version beside it (links as buttons), and
/// the calendar, when there is one, as invite.ics. The calendar's content comes ready-made from IcsCalendar.
/// </summary>
internal static partial class MailMessages
{
    /// <summary>
    /// A stable Message-ID derived from the outbox key, so a mail re-sent after a crash between delivery and
    /// bookkeeping is recognised by mail clients as the same message.
    /// </summary>
    public static string MessageId(OutboxMessage message) =>
        "<" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.Key)))[..32] + "@speakerbot>";

    /// <summary>
    /// Text bound for a header (subject, display name) on one line: CR, LF and every other control character become
    /// a space, so a name typed as "Sophie\r\nBcc: …" can neither add a header nor make the mail undeliverable.
    /// </summary>
    public static string HeaderText(string text) =>
        string.Join(' ', new string([.. text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)]).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static MimeMessage Build(OutboxMessage message, BookingOptions options)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(HeaderText(options.FromName), options.FromAddress));
        mail.To.Add(new MailboxAddress(HeaderText(message.ToName ?? string.Empty), HeaderText(message.To).Replace(" ", string.Empty, StringComparison.Ordinal)));
        mail.Subject = HeaderText(message.Subject);
        mail.MessageId = MessageId(message).Trim('<', '>');
        mail.Headers.Add("Content-Language", message.Language);

        var text = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        text.SetText(Encoding.UTF8, message.Body);
        var html = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        html.SetText(Encoding.UTF8, Html(message.Body, message.Language));
        var body = new MultipartAlternative { text, html };
        if (message.Calendar is null)
        {
            mail.Body = body;
            return mail;
        }

        var calendar = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(message.Calendar))),
            ContentTransferEncoding = ContentEncoding.Base64,
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" },
        };
        calendar.ContentType.Charset = "utf-8";
        calendar.ContentType.Parameters.Add("method", "REQUEST");
        mail.Body = new Multipart("mixed") { body, calendar };
        return mail;
    }

    /// <summary>
    /// The plain text as HTML: every character encoded (names, titles and messages come from users), paragraphs kept,
    /// a line that is only a link shown as a button, other links clickable.
    /// </summary>
    public static string Html(string body, string language)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(WebUtility.HtmlEncode(language)).Append("\"><head><meta charset=\"utf-8\"></head>")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328\">");
        foreach (var paragraph in body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split("\n\n"))
        {
            var lines = paragraph.Split('\n');
            html.Append("<p>");
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                var labelsNextLink = line.EndsWith(':') && i + 1 < lines.Length && OnlyLink().IsMatch(lines[i + 1].Trim());
                if (labelsNextLink)
                {
                    continue;
                }

                if (i > 0)
                {
                    html.Append("<br>");
                }

                if (OnlyLink().IsMatch(line))
                {
                    // "Pour accepter :" then the link: the label line becomes the button's text.
                    var label = i > 0 && lines[i - 1].Trim().EndsWith(':') ? lines[i - 1].Trim().TrimEnd(':').Trim() : OpenLink(language);
                    html.Append("<a href=\"").Append(WebUtility.HtmlEncode(line))
                        .Append("\" style=\"display:inline-block;padding:10px 18px;margin:4px 0;background:#5b2a86;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold\">")
                        .Append(WebUtility.HtmlEncode(label)).Append("</a>");
                }
                else
                {
                    html.Append(Linkify(lines[i]));
                }
            }

            html.Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string OpenLink(string language) =>
        Languages.IsEnglish(language) ? "Open the link" : "Ouvrir le lien";

    private static string Linkify(string line)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match link in AnyLink().Matches(line))
        {
            result.Append(WebUtility.HtmlEncode(line[last..link.Index]));
            var href = WebUtility.HtmlEncode(link.Value);
            result.Append("<a href=\"").Append(href).Append("\">").Append(href).Append("</a>");
            last = link.Index + link.Length;
        }

        return result.Append(WebUtility.HtmlEncode(line[last..])).ToString();
    }

    [GeneratedRegex(@"^https?://\S+$")]
    private static partial Regex OnlyLink();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex AnyLink();
}
