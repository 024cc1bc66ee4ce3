using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Mail;

/// <summary>Delivers one outbox message; throws when it could not (the sender retries).</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Real delivery through an SMTP server with MailKit: STARTTLS or SSL, login when configured, a timeout.</summary>
public sealed partial class SmtpMailTransport(IOptions<BookingOptions> options, MailDeliveryStatus? status = null, ILogger<SmtpMailTransport>? logger = null) : IMailTransport
{
    private readonly BookingOptions _options = options.Value;
    private readonly MailDeliveryStatus _status = status ?? new MailDeliveryStatus(TimeProvider.System);
    private readonly ILogger _logger = logger ?? NullLogger<SmtpMailTransport>.Instance;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = MailMessages.Build(message, _options);
        using var client = new SmtpClient { Timeout = (int)_options.SmtpTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.SmtpHost ?? string.Empty, _options.SmtpPort, SocketOptions(_options), cancellationToken);
            if (!string.IsNullOrEmpty(_options.SmtpUser))
            {
                await client.AuthenticateAsync(_options.SmtpUser, _options.SmtpPassword ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = Describe(e);
            if (_status.Failed(problem))
            {
                Log.MailDeliveryFailing(_logger, problem);
            }

            throw new MailDeliveryException(problem, e);
        }

        if (_status.Problem is not null)
        {
            Log.MailDeliveryRecovered(_logger);
        }

        _status.Succeeded();
    }

    internal static SecureSocketOptions SocketOptions(BookingOptions options) => options.SmtpSecurity switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ when options.SmtpSsl => options.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
        _ => options.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
    };

    /// <summary>One sentence naming the setting to check; never an address (servers quote them in refusals).</summary>
    private string Describe(Exception e)
    {
        var server = $"{_options.SmtpHost}:{_options.SmtpPort}";
        var detail = Address().Replace(e.Message, "<address>");
        return e switch
        {
            SocketException => $"cannot connect to the SMTP server {server} (Bookings:SmtpHost, Bookings:SmtpPort): {detail}",
            SslHandshakeException => $"TLS with the SMTP server {server} failed (Bookings:SmtpSecurity, Bookings:SmtpSsl): {detail}",
            MailKit.Security.AuthenticationException => $"the SMTP server {server} refused the login (Bookings:SmtpUser, Bookings:SmtpPassword): {detail}",
            NotSupportedException => $"the SMTP server {server} does not offer what Bookings:SmtpSecurity or Bookings:SmtpUser ask for: {detail}",
            SmtpCommandException command => $"the SMTP server {server} refused the mail ({(int)command.StatusCode} {detail}; check Bookings:FromAddress)",
            TimeoutException or OperationCanceledException or IOException => $"no answer from the SMTP server {server} within Bookings:SmtpTimeout ({_options.SmtpTimeout}): {detail}",
            _ => $"delivery through the SMTP server {server} failed (Bookings:SmtpHost): {detail}",
        };
    }

    [GeneratedRegex(@"[^\s<>""']+@[^\s<>""']+")]
    private static partial Regex Address();
}

/// <summary>A delivery that failed, with a message that names the setting to check; the mail stays queued.</summary>
public sealed class MailDeliveryException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The embedded default: each message becomes one .eml file named after its outbox key, so writing it again
/// after a crash replaces the file instead of duplicating the mail.
/// </summary>
public sealed class EmlFolderMailTransport(IOptions<BookingOptions> options) : IMailTransport
{
    private readonly BookingOptions _options = options.Value;

    /// <summary>CRLF line ends, as on the wire (RFC 5322), whatever the platform.</summary>
    private static readonly FormatOptions EmlFormat = new() { NewLineFormat = NewLineFormat.Dos };

    public string Folder => Path.GetFullPath(_options.PickupDirectory);

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);

        // Written aside then moved, so a reader of the folder never sees half a mail.
        var staging = Path.Combine(Folder, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await MailMessages.Build(message, _options).WriteToAsync(EmlFormat, staging, cancellationToken);
            File.Move(staging, Path.Combine(Folder, FileName(message)), overwrite: true);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    public static string FileName(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var safe = new string([.. message.Key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_')]);
        return $"{message.Id:000000}-{safe}.eml";
    }
}
