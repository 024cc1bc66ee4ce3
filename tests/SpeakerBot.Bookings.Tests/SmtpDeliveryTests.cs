using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

/// <summary>SMTP delivery as an operator configures it: login, HTML beside the text, a refusing server.</summary>
public sealed class SmtpDeliveryTests : IDisposable
{
    private readonly BookingFixture _f = new();
    private readonly ListLogger _log = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Mail_has_an_html_part_with_links_as_buttons_and_user_text_encoded()
    {
        await using var smtp = new SmtpTestServer();
        var sender = _f.Sender(Transport(smtp.Port));
        await Enqueue("invite/1", "Bonjour,\n\nMme <b>Dupont</b> & co vous invitent.\n\nPour accepter :\nhttps://bot.example.org/bookings/respond?t=abc.def\n");

        Assert.Equal(1, await sender.SendDueAsync());

        var parts = Mime.Parts(Assert.Single(smtp.Received).Data);
        var text = parts.Single(p => p.ContentType.StartsWith("Content-Type: text/plain", StringComparison.Ordinal)).Text;
        Assert.Contains("Mme <b>Dupont</b> & co vous invitent.", text, StringComparison.Ordinal);
        var html = parts.Single(p => p.ContentType.StartsWith("Content-Type: text/html", StringComparison.Ordinal)).Text;
        Assert.Contains("Mme &lt;b&gt;Dupont&lt;/b&gt; &amp; co vous invitent.", html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"https://bot.example.org/bookings/respond\\?t=abc.def\" style=\"[^\"]*\">Pour accepter</a>", html);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smtp_login_with_the_configured_user_delivers()
    {
        await using var smtp = new SmtpTestServer(credentials: ("bot@relay.example", "s3cret"));
        _f.Options.SmtpUser = "bot@relay.example";
        _f.Options.SmtpPassword = "s3cret";
        var sender = _f.Sender(Transport(smtp.Port));
        await Enqueue("alert/login", "Bonjour");

        Assert.Equal(1, await sender.SendDueAsync());
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task Refused_login_is_logged_once_naming_the_setting_and_mails_stay_queued()
    {
        await using var smtp = new SmtpTestServer(credentials: ("bot@relay.example", "s3cret"));
        _f.Options.SmtpUser = "bot@relay.example";
        _f.Options.SmtpPassword = "wrong";
        var status = new MailDeliveryStatus(_f.Clock);
        var sender = _f.Sender(Transport(smtp.Port, status));
        await Enqueue("alert/a", "Bonjour");
        await Enqueue("alert/b", "Bonjour");

        Assert.Equal(0, await sender.SendDueAsync());

        Assert.Empty(smtp.Received);
        var line = Assert.Single(_log.Lines);
        Assert.Contains("Bookings:SmtpUser", line, StringComparison.Ordinal);
        Assert.DoesNotContain("@", line, StringComparison.Ordinal);
        Assert.Contains("Bookings:SmtpUser", status.Problem, StringComparison.Ordinal);

        _f.Options.SmtpPassword = "s3cret";
        _f.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await _f.Sender(Transport(smtp.Port, status)).SendDueAsync());
        Assert.Null(status.Problem);
    }

    [Fact]
    public async Task No_server_listening_names_host_and_port_settings()
    {
        var status = new MailDeliveryStatus(_f.Clock);
        var sender = _f.Sender(Transport(ClosedPort(), status));
        await Enqueue("alert/c", "Bonjour");

        Assert.Equal(0, await sender.SendDueAsync());
        Assert.Contains("Bookings:SmtpHost, Bookings:SmtpPort", status.Problem, StringComparison.Ordinal);
        _f.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Single(await _f.Store.ClaimDueMailsAsync(_f.Clock.GetUtcNow(), 10, TimeSpan.FromMinutes(1)));
    }

    private SmtpMailTransport Transport(int port, MailDeliveryStatus? status = null)
    {
        _f.Options.SmtpHost = "127.0.0.1";
        _f.Options.SmtpPort = port;
        _f.Options.SmtpTimeout = TimeSpan.FromSeconds(20);
        return new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(_f.Options), status ?? new MailDeliveryStatus(_f.Clock), _log);
    }

    private Task Enqueue(string key, string body) =>
        _f.Store.EnqueueAsync([new OutboxMessage { Key = key, To = "coord@example.org", Subject = "Alerte", Body = body, DueAt = _f.Clock.GetUtcNow() }]);

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class ListLogger : ILogger<SmtpMailTransport>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
