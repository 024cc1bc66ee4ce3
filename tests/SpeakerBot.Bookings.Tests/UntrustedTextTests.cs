using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

/// <summary>Names and messages typed by users reach calendars and mail headers as text, never as structure (decision 091).</summary>
[Trait("Category", "Security")]
public sealed class UntrustedTextTests : IDisposable
{
    private const string HostileName = "Sophie\r\nATTENDEE;CN=Evil;ROLE=REQ-PARTICIPANT:mailto:evil@evil.example\r\nX-INJECTED:1";
    private static readonly DateOnly Tuesday = new(2026, 3, 10);
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Calendar_of_a_teacher_named_with_line_breaks_invites_nobody_else()
    {
        var speaker = _f.AddSpeaker("s1");
        var teacher = BookingFixture.Teacher(HostileName);
        var request = BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0), teacher) with
        {
            School = new School("Collège\nX-SCHOOL:1", "Toulouse\rBEGIN:VALARM", null),
            Message = "Merci ;, à bientôt\\\r\nEND:VEVENT",
        };
        var booking = (await _f.Service.RequestVisitAsync(request)).Booking!;

        foreach (var lang in new[] { "fr", "en" })
        {
            var properties = IcsReader.Read(_f.Mails.Calendar(booking, [speaker], lang));

            var attendee = Assert.Single(properties, p => p.Name == "ATTENDEE");
            Assert.Equal("mailto:s1@speakers.example", attendee.Value);
            var organizer = Assert.Single(properties, p => p.Name == "ORGANIZER");
            Assert.Equal("mailto:sophie.durand@ac-toulouse.fr", organizer.Value);
            Assert.Equal("Sophie  ATTENDEE;CN=Evil;ROLE=REQ-PARTICIPANT:mailto:evil@evil.example  X-INJECTED:1", organizer.Parameters["CN"]);
            Assert.DoesNotContain(properties, p => p.Name.StartsWith("X-", StringComparison.Ordinal));
            Assert.Single(properties, p => p.Name == "TRIGGER");
            Assert.Contains("Collège\nX-SCHOOL:1", properties.Single(p => p.Name == "LOCATION").Value, StringComparison.Ordinal);
            Assert.Contains("Merci ;, à bientôt\\\nEND:VEVENT", properties.Single(p => p.Component == "VEVENT" && p.Name == "DESCRIPTION").Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_quotes_names_without_their_quotes_or_control_characters_and_folds_them()
    {
        var longName = "Marie-\"Claire\"\t" + new string('é', 60) + "\u0007";
        var text = IcsCalendar.Build(new CalendarEvent(
            "u1", "Titre", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), null, null,
            new CalendarPerson(longName, "orga@example.org\r\nX-EVIL:1"), [new CalendarPerson("A\r\nB", "a@example.org")], 0, DateTimeOffset.UnixEpoch, TimeSpan.FromHours(1)));

        var properties = IcsReader.Read(text);

        var organizer = Assert.Single(properties, p => p.Name == "ORGANIZER");
        Assert.Equal("Marie- Claire  " + new string('é', 60), organizer.Parameters["CN"]);
        Assert.Equal("mailto:orga@example.orgX-EVIL:1", organizer.Value);
        Assert.Equal("A  B", Assert.Single(properties, p => p.Name == "ATTENDEE").Parameters["CN"]);
        Assert.DoesNotContain(properties, p => p.Name == "X-EVIL");
    }

    [Fact]
    public async Task Mail_to_a_teacher_named_with_line_breaks_is_delivered_to_her_alone_with_one_line_headers()
    {
        await using var smtp = new SmtpTestServer();
        _f.Options.SmtpHost = "127.0.0.1";
        _f.Options.SmtpPort = smtp.Port;
        var sender = _f.Sender(new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(_f.Options)));
        await _f.Store.EnqueueAsync([new OutboxMessage
        {
            Key = "received/1",
            To = "sophie.durand@ac-toulouse.fr",
            ToName = "Sophie\r\nBcc: evil@evil.example",
            Subject = "Demande enregistrée\r\nBcc: evil@evil.example",
            Body = "Bonjour",
            DueAt = _f.Clock.GetUtcNow(),
        }]);

        Assert.Equal(1, await sender.SendDueAsync());

        var mail = Assert.Single(smtp.Received);
        Assert.Equal(["sophie.durand@ac-toulouse.fr"], mail.Recipients);
        var headers = mail.Data[..mail.Data.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("\nBcc:", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Demande enregistrée Bcc: evil@evil.example", Mime.DecodeWords(Mime.Header(mail.Data, "Subject")));
        Assert.Contains("Sophie Bcc: evil@evil.example", Mime.DecodeWords(Mime.Header(mail.Data, "To")), StringComparison.Ordinal);
    }
}
