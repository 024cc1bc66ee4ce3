using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Mail;

/// <summary>Delivers one outbox message; throws when it could not (the sender retries).</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default);
}

internal static class MailMessages
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

    public static MailMessage Build(OutboxMessage message, BookingOptions options)
    {
        var mail = new MailMessage
        {
            From = new MailAddress(options.FromAddress, options.FromName, Encoding.UTF8),
            Subject = HeaderText(message.Subject),
            SubjectEncoding = Encoding.UTF8,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        mail.To.Add(new MailAddress(HeaderText(message.To), HeaderText(message.ToName ?? string.Empty), Encoding.UTF8));
        mail.Headers.Add("Message-ID", MessageId(message));
        mail.Headers.Add("Content-Language", message.Language);
        if (message.Calendar is not null)
        {
            var type = new ContentType("text/calendar") { CharSet = "utf-8" };
            type.Parameters.Add("method", "REQUEST");
            var attachment = new Attachment(new MemoryStream(Encoding.UTF8.GetBytes(message.Calendar)), type);
            attachment.ContentDisposition!.FileName = "invite.ics";
            attachment.TransferEncoding = TransferEncoding.Base64;
            mail.Attachments.Add(attachment);
        }

        return mail;
    }
}

/// <summary>Real delivery through an SMTP relay (STARTTLS and login when configured).</summary>
public sealed class SmtpMailTransport(IOptions<BookingOptions> options) : IMailTransport
{
    private readonly BookingOptions _options = options.Value;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mail = MailMessages.Build(message, _options);
        using var client = new SmtpClient(_options.SmtpHost, _options.SmtpPort)
        {
            EnableSsl = _options.SmtpSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = 30_000,
        };
        if (!string.IsNullOrEmpty(_options.SmtpUser))
        {
            client.Credentials = new NetworkCredential(_options.SmtpUser, _options.SmtpPassword);
        }

        await client.SendMailAsync(mail, cancellationToken);
    }
}

/// <summary>
/// The embedded default: each message becomes one .eml file named after its outbox key, so writing it again
/// after a crash replaces the file instead of duplicating the mail.
/// </summary>
public sealed class EmlFolderMailTransport(IOptions<BookingOptions> options) : IMailTransport
{
    private readonly BookingOptions _options = options.Value;

    public string Folder => Path.GetFullPath(_options.PickupDirectory);

    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);
        var staging = Path.Combine(Folder, ".staging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var mail = MailMessages.Build(message, _options))
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging })
            {
                client.Send(mail);
            }

            var written = Directory.GetFiles(staging, "*.eml").Single();
            File.Move(written, Path.Combine(Folder, FileName(message)), overwrite: true);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return Task.CompletedTask;
    }

    public static string FileName(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var safe = new string([.. message.Key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_')]);
        return $"{message.Id:000000}-{safe}.eml";
    }
}
