using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Admin;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

public sealed class PrivacyTests : IAsyncLifetime
{
    private const string TeacherEmail = "helene.dupre@ac-test.fr";
    private const string TeacherName = "Hélène Duprétest";
    private const string TeacherPhone = "07 12 34 56 78";
    private const string OtherEmail = "autre.prof@ac-test.fr";

    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "speakerbot-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly AdminHost _host;
    private string _national = string.Empty;
    private string _regional = string.Empty;

    public PrivacyTests() => _host = new AdminHost(new() { ["Bookings:PickupDirectory"] = _outbox });

    public async Task InitializeAsync()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("p-1", "occitanie"), AdminHost.Speaker("p-2", "occitanie", "numerique"));
        _national = await _host.TokenAsync("nat@reseau.example", CoordinatorRole.National);
        _regional = await _host.TokenAsync("occ@reseau.example", CoordinatorRole.Regional, "occitanie");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    [Fact]
    public async Task Erase_by_requester_email_leaves_no_trace_in_the_database_file_or_the_outbox_folder()
    {
        var date = new DateOnly(2026, 3, 10);
        var hers = await _host.AddBookingAsync("p-1", date, BookingStatus.FeedbackReceived, new BookingFeedback(26, 13, 5, DateTimeOffset.UtcNow), TeacherEmail, TeacherName);
        await _host.Bookings.UpdateAsync(hers.Reference, (b, _) => new BookingChange { Updated = b with { Message = $"Rappelez-moi au {TeacherPhone}" } });
        var other = await _host.AddBookingAsync("p-2", date.AddDays(1), BookingStatus.Held, null, OtherEmail, "Paul Autreprof");
        await _host.Services.GetRequiredService<IStateStore>().SaveAsync(
            "webchat/conversations/c-42",
            JsonSerializer.Serialize(new { draft = new { name = TeacherName, email = TeacherEmail, phone = TeacherPhone } }));
        await DeliverMailsAsync(hers.Reference, other.Reference);
        Assert.Contains(Directory.GetFiles(_outbox), f => File.ReadAllText(f).Contains(TeacherEmail, StringComparison.Ordinal));
        Assert.Contains(DatabaseText.All(_host.Database), t => t.Contains(TeacherEmail, StringComparison.Ordinal));
        using var client = _host.Client(_national);

        var response = await client.PostAsJsonAsync(new Uri("api/admin/privacy/erase", UriKind.Relative), new { email = TeacherEmail });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await AdminHost.JsonAsync(response);
        Assert.Equal([hers.Reference], report.GetProperty("bookingsAnonymised").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, report.GetProperty("stateDocumentsDeleted").GetInt32());
        var leftovers = DatabaseText.All(_host.Database).Where(t => Mentions(t, TeacherEmail, TeacherName, TeacherPhone, "Duprétest", "Dupr\\u00E9test")).ToList();
        Assert.Empty(leftovers);
        Assert.Empty(RawDatabaseHits(TeacherEmail));
        Assert.Empty(RawDatabaseHits("Duprétest"));
        Assert.DoesNotContain(Directory.GetFiles(_outbox), f => Mentions(File.ReadAllText(f), TeacherEmail, "Duprétest"));

        // The visit still counts: same school, date, pupils reached; only the person is gone.
        var kept = await _host.Bookings.GetAsync(hers.Reference);
        Assert.Equal((PrivacyService.ErasedEmail, 26, "Collège Jean Jaurès"), (kept!.Requester.Email, kept.Feedback!.PupilsReached, kept.School!.Name));
        Assert.Null(kept.Message);

        // Someone else's booking and mails are untouched.
        Assert.Equal(OtherEmail, (await _host.Bookings.GetAsync(other.Reference))!.Requester.Email);
        Assert.Contains(Directory.GetFiles(_outbox), f => File.ReadAllText(f).Contains(OtherEmail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Erase_speaker_keeps_an_archived_profile_without_name_or_contact()
    {
        using var client = _host.Client(_national);
        var created = await client.PostAsJsonAsync(new Uri("api/admin/speakers", UriKind.Relative), new
        {
            firstName = "Ségolène",
            lastName = "Effaçable",
            headline = "Ingénieure hydraulique",
            sector = "energie",
            region = "bretagne",
            email = "segolene.effacable@example.org",
            phone = "06 98 76 54 32",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await AdminHost.JsonAsync(created)).GetProperty("id").GetString()!;
        await _host.AddBookingAsync(id, new DateOnly(2026, 5, 12), BookingStatus.Held, requesterEmail: "prof.bzh@ac-rennes.fr", requesterName: "Yann Prof");
        await DeliverMailsAsync();

        var response = await client.PostAsJsonAsync(new Uri("api/admin/privacy/erase", UriKind.Relative), new { speakerId = id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(DatabaseText.All(_host.Database), t => Mentions(t, "segolene.effacable@example.org", "06 98 76 54 32", "Effaçable", "Effa\\u00E7able"));
        Assert.Empty(RawDatabaseHits("segolene.effacable"));
        var tombstone = await _host.Speakers.GetAsync(id);
        Assert.Equal((SpeakerStatus.Archived, "bretagne", "energie", null), (tombstone!.Status, tombstone.Region, tombstone.Sector, tombstone.Contact));

        // The requester of her visit is not the one erased.
        var audit = await AdminHost.JsonAsync(await client.GetAsync(new Uri($"api/admin/audit?target=speaker:{id}", UriKind.Relative)));
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "privacy.erase");
        Assert.Contains(DatabaseText.All(_host.Database), t => t.Contains("prof.bzh@ac-rennes.fr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_by_email_returns_her_bookings_mails_and_conversation_state()
    {
        var booking = await _host.AddBookingAsync("p-1", new DateOnly(2026, 4, 7), requesterEmail: TeacherEmail, requesterName: TeacherName);
        await _host.AddBookingAsync("p-2", new DateOnly(2026, 4, 8), requesterEmail: OtherEmail, requesterName: "Paul Autreprof");
        await _host.Services.GetRequiredService<IStateStore>().SaveAsync("webchat/users/u-7", JsonSerializer.Serialize(new { email = TeacherEmail }));
        using var client = _host.Client(_national);

        var response = await client.GetAsync(new Uri($"api/admin/privacy/export?email={TeacherEmail}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await AdminHost.JsonAsync(response);
        var booked = Assert.Single(export.GetProperty("bookings").EnumerateArray());
        Assert.Equal(booking.Reference, booked.GetProperty("booking").GetProperty("reference").GetString());
        Assert.Equal("requester", booked.GetProperty("role").GetString());
        Assert.Equal("requested", booked.GetProperty("booking").GetProperty("status").GetString());
        Assert.Equal(TeacherEmail, Assert.Single(export.GetProperty("mails").EnumerateArray()).GetProperty("to").GetString());
        Assert.Equal("webchat/users/u-7", Assert.Single(export.GetProperty("conversationState").EnumerateArray()).GetProperty("key").GetString());
        Assert.DoesNotContain(OtherEmail, export.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_endpoints_are_403_for_a_regional_coordinator()
    {
        using var client = _host.Client(_regional);

        var export = await client.GetAsync(new Uri($"api/admin/privacy/export?email={TeacherEmail}", UriKind.Relative));
        var erase = await client.PostAsJsonAsync(new Uri("api/admin/privacy/erase", UriKind.Relative), new { email = TeacherEmail });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (export.StatusCode, erase.StatusCode));
        Assert.Equal("application/problem+json", erase.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Retention_anonymises_requesters_of_visits_older_than_the_setting_only()
    {
        var old = await _host.AddBookingAsync("p-1", new DateOnly(2025, 1, 14), BookingStatus.FeedbackReceived, new BookingFeedback(20, 9, 4, DateTimeOffset.UtcNow), TeacherEmail, TeacherName);
        var recent = await _host.AddBookingAsync("p-1", new DateOnly(2025, 11, 18), BookingStatus.Held, null, OtherEmail, "Paul Autreprof");
        var chats = _host.Services.GetRequiredService<SpeakerBot.Bookings.BookingChat>();
        await chats.RememberAsync(old.Reference, "webchat/conversations/c-old");
        await chats.RememberAsync(recent.Reference, "webchat/conversations/c-recent");
        await DeliverMailsAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero));
        var privacy = ActivatorUtilities.CreateInstance<PrivacyService>(_host.Services, (TimeProvider)clock);
        Assert.Equal(12, _host.Services.GetRequiredService<IOptions<AdminOptions>>().Value.RetentionMonths);

        var report = await privacy.ApplyRetentionAsync();

        Assert.Equal([old.Reference], report.BookingsAnonymised);
        Assert.True(PrivacyService.IsAnonymised((await _host.Bookings.GetAsync(old.Reference))!.Requester));
        Assert.Equal(OtherEmail, (await _host.Bookings.GetAsync(recent.Reference))!.Requester.Email);
        Assert.DoesNotContain(DatabaseText.All(_host.Database), t => t.Contains(TeacherEmail, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(_outbox), f => File.ReadAllText(f).Contains(TeacherEmail, StringComparison.Ordinal));
        Assert.Equal(20, (await _host.Bookings.GetAsync(old.Reference))!.Feedback!.PupilsReached);
        var states = _host.Services.GetRequiredService<IStateStore>();
        Assert.Null(await states.LoadAsync(SpeakerBot.Bookings.BookingChat.KeyPrefix + old.Reference));
        Assert.NotNull(await states.LoadAsync(SpeakerBot.Bookings.BookingChat.KeyPrefix + recent.Reference));

        clock.Advance(TimeSpan.FromDays(320));
        var later = await privacy.ApplyRetentionAsync();
        Assert.Equal([recent.Reference], later.BookingsAnonymised);
    }

    [Fact]
    public async Task Retention_job_runs_its_pass_when_the_host_starts()
    {
        var old = await _host.AddBookingAsync("p-1", new DateOnly(2024, 6, 11), BookingStatus.Held, null, TeacherEmail, TeacherName);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero));
        var privacy = ActivatorUtilities.CreateInstance<PrivacyService>(_host.Services, (TimeProvider)clock);
        var options = Options.Create(new AdminOptions { RetentionMonths = 12, RetentionInterval = TimeSpan.FromHours(1) });
        using var job = new RetentionBackgroundService(privacy, options, clock, NullLogger<RetentionBackgroundService>.Instance);

        await job.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!PrivacyService.IsAnonymised((await _host.Bookings.GetAsync(old.Reference))!.Requester) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await job.StopAsync(CancellationToken.None);
        Assert.True(PrivacyService.IsAnonymised((await _host.Bookings.GetAsync(old.Reference))!.Requester));
    }

    [Fact]
    public async Task Host_with_retention_months_out_of_range_refuses_to_start_naming_the_setting()
    {
        await using var host = new HostFactory(new() { ["Admin:RetentionMonths"] = "0", ["Bookings:RunBackgroundServices"] = "false" });

        var failure = Assert.ThrowsAny<Exception>(() => host.ServerAddress);

        Assert.Contains("RetentionMonths", failure.ToString(), StringComparison.Ordinal);
    }

    private async Task DeliverMailsAsync(params string[] references)
    {
        var transport = _host.Services.GetRequiredService<IMailTransport>();
        Assert.IsType<EmlFolderMailTransport>(transport);
        foreach (var mail in await _host.Bookings.ClaimDueMailsAsync(DateTimeOffset.UtcNow.AddYears(5), 100, TimeSpan.FromMinutes(1)))
        {
            await transport.SendAsync(mail);
            await _host.Bookings.MarkMailSentAsync(mail.Id, DateTimeOffset.UtcNow);
        }

        foreach (var reference in references)
        {
            Assert.NotEmpty(await _host.Bookings.ListMailsAsync(reference));
        }
    }

    private List<string> RawDatabaseHits(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return [.. new[] { _host.Database.Path, _host.Database.Path + "-wal" }
            .Where(File.Exists)
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)];
    }

    private static bool Mentions(string text, params string[] needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
