using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class MailDeliveryTests : IDisposable
{
    private static readonly DateOnly Tuesday = new(2026, 3, 10);
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task SendDueAsync_delivers_over_smtp_with_the_invitation_attached()
    {
        await using var smtp = new SmtpTestServer();
        _f.Options.SmtpHost = "127.0.0.1";
        _f.Options.SmtpPort = smtp.Port;
        var sender = _f.Sender(new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(_f.Options)));
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));

        var sent = await sender.SendDueAsync();

        // Request + receipt + the two confirmations; reminders and follow-up are not due yet.
        Assert.Equal(4, sent);
        Assert.Equal(4, smtp.Received.Count);
        var confirmation = smtp.Received.Single(m => m.Recipients.SequenceEqual(["sophie.durand@ac-toulouse.fr"]) && Mime.DecodeWords(Mime.Header(m.Data, "Subject")).StartsWith("Confirmé", StringComparison.Ordinal));
        Assert.Equal("noreply@speakerbot.local", confirmation.From);
        Assert.Equal("Confirmé : HD-2026-0001 le mardi 10 mars 2026 à 10:00", Mime.DecodeWords(Mime.Header(confirmation.Data, "Subject")));
        var parts = Mime.Parts(confirmation.Data);
        Assert.Contains(parts, p => p.ContentType.StartsWith("Content-Type: text/plain", StringComparison.Ordinal) && p.Text.Contains("s1@speakers.example", StringComparison.Ordinal));
        var calendar = parts.Single(p => p.ContentType.Contains("text/calendar", StringComparison.Ordinal));
        Assert.Contains("method=REQUEST", calendar.ContentType, StringComparison.Ordinal);
        var properties = IcsReader.Read(calendar.Text);
        Assert.Contains(properties, p => p.Name == "UID" && p.Value == "HD-2026-0001@speakerbot");
        Assert.Equal(0, await sender.SendDueAsync());
    }

    [Fact]
    public async Task SendDueAsync_temporary_smtp_failure_is_retried_after_back_off_and_delivered_once()
    {
        await using var smtp = new SmtpTestServer(failFirst: 1);
        _f.Options.SmtpHost = "127.0.0.1";
        _f.Options.SmtpPort = smtp.Port;
        var sender = _f.Sender(new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(_f.Options)));
        await _f.Store.EnqueueAsync([new OutboxMessage { Key = "alert/1", To = "coord@example.org", Subject = "Alerte", Body = "Bonjour", DueAt = _f.Clock.GetUtcNow() }]);

        Assert.Equal(0, await sender.SendDueAsync());
        Assert.Empty(smtp.Received);
        _f.Clock.Advance(OutboxSender.Backoff(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sender.SendDueAsync());
        _f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sender.SendDueAsync());
        Assert.Equal(0, await sender.SendDueAsync());
        Assert.Equal("coord@example.org", Assert.Single(smtp.Received).Recipients.Single());
    }

    [Fact]
    public async Task SendDueAsync_gives_up_after_the_configured_attempts()
    {
        _f.Options.MaxSendAttempts = 2;
        var sender = _f.Sender(new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(new BookingOptions { SmtpHost = "127.0.0.1", SmtpPort = 1 })));
        await _f.Store.EnqueueAsync([new OutboxMessage { Key = "alert/2", To = "coord@example.org", Subject = "Alerte", Body = "Bonjour", DueAt = _f.Clock.GetUtcNow() }]);
        await sender.SendDueAsync();
        _f.Clock.Advance(TimeSpan.FromHours(2));
        await sender.SendDueAsync();
        _f.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await _f.Store.ClaimDueMailsAsync(_f.Clock.GetUtcNow(), 10, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task SendDueAsync_reminders_wait_until_they_are_due()
    {
        _f.AddSpeaker("s1");
        var transport = new EmlFolderMailTransport(Microsoft.Extensions.Options.Options.Create(_f.Options));
        var sender = _f.Sender(transport);
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 4, 14), new TimeOnly(10, 0)))).Booking!;
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));
        Assert.Equal(4, await sender.SendDueAsync());

        _f.Clock.Advance(booking.StartsAt.AddDays(-7) - _f.Clock.GetUtcNow());
        Assert.Equal(2, await sender.SendDueAsync());
        var files = Directory.GetFiles(transport.Folder, "*.eml");
        Assert.Equal(2, files.Count(f => f.Contains("reminder7", StringComparison.Ordinal)));
        Assert.DoesNotContain(files, f => f.Contains("reminder1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmlFolderMailTransport_writing_the_same_mail_again_keeps_one_file()
    {
        var transport = new EmlFolderMailTransport(Microsoft.Extensions.Options.Options.Create(_f.Options));
        var mail = new OutboxMessage { Id = 7, Key = "HD-2026-0001/received", To = "sophie@example.org", Subject = "Demande enregistrée", Body = "Élèves : 28", DueAt = _f.Clock.GetUtcNow() };
        await transport.SendAsync(mail);
        await transport.SendAsync(mail);
        var file = Assert.Single(Directory.GetFiles(transport.Folder, "*.eml"));
        var text = await File.ReadAllTextAsync(file);
        Assert.Equal("Demande enregistrée", Mime.DecodeWords(Mime.Header(text, "Subject")));
        Assert.Contains("Élèves : 28", Mime.Parts(text)[0].Text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(transport.Folder));
    }
}
