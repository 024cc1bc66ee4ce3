using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>
/// The same booking event through each entry point (the speaker's link page, the admin API, the chat) gives the same
/// booking and the same mails (decision 106), over the real host, its SQLite file and its outbox.
/// </summary>
public sealed partial class OneBookingStateMachineTests : IAsyncLifetime
{
    private const string Organiser = "orga@forum-toulouse.example";
    private readonly AdminHost _host = new();
    private string _coordinator = string.Empty;

    public async Task InitializeAsync()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("sm-a", "occitanie"), AdminHost.Speaker("sm-b", "occitanie"), AdminHost.Speaker("sm-c", "occitanie"), AdminHost.Speaker("sm-d", "occitanie"));
        _coordinator = await _host.TokenAsync("occ@reseau.example", CoordinatorRole.Regional, "occitanie");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Declining_a_panel_seat_through_the_admin_api_invites_the_standby_as_the_speakers_link_does()
    {
        var byLink = await RequestPanelAsync(["sm-a", "sm-b"], ["sm-c"], weeks: 3);
        var byAdmin = await RequestPanelAsync(["sm-a", "sm-b"], ["sm-c"], weeks: 4);

        var page = await PostLinkAsync(await LinkAsync(byLink.Reference, "sm-a", "Pour décliner"));
        using var client = _host.Client(_coordinator);
        var api = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{byAdmin.Reference}/decline", UriKind.Relative), new { speakerId = "sm-a" });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(api.StatusCode == HttpStatusCode.OK, await api.Content.ReadAsStringAsync());
        foreach (var reference in new[] { byLink.Reference, byAdmin.Reference })
        {
            var stored = (await _host.Bookings.GetAsync(reference))!;
            Assert.Equal(SeatStatus.Declined, stored.SeatOf("sm-a")!.Status);
            Assert.Equal(SeatStatus.Invited, stored.SeatOf("sm-c")?.Status);
            Assert.Equal(BookingStatus.Requested, stored.Status);
            var mails = await _host.Bookings.ListMailsAsync(reference);
            Assert.Contains(mails, m => m.To == "sm-c@speakers.example" && m.Key.Contains("/invite/", StringComparison.Ordinal));
            Assert.Contains("Prénomsm-c Nomsm-c", mails.Single(m => m.Key.EndsWith("/seat/sm-a/sm-c", StringComparison.Ordinal) && m.To == Organiser).Body, StringComparison.Ordinal);
        }

        Assert.Equal(await MailKindsAsync(byLink.Reference), await MailKindsAsync(byAdmin.Reference));
    }

    [Fact]
    public async Task Confirming_through_the_admin_api_sends_the_calendar_sequence_the_speakers_link_sends()
    {
        var byLink = await RequestPanelAsync(["sm-a"], [], weeks: 3);
        var byAdmin = await RequestPanelAsync(["sm-a"], [], weeks: 4);

        await PostLinkAsync(await LinkAsync(byLink.Reference, "sm-a", "Pour accepter"));
        using var client = _host.Client(_coordinator);
        var api = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{byAdmin.Reference}/confirm", UriKind.Relative), new { speakerId = "sm-a" });

        Assert.True(api.StatusCode == HttpStatusCode.OK, await api.Content.ReadAsStringAsync());
        var linkSequence = await SequenceAsync(byLink.Reference);
        var adminSequence = await SequenceAsync(byAdmin.Reference);
        Assert.Equal(linkSequence, adminSequence);
        Assert.Equal((await _host.Bookings.GetAsync(byAdmin.Reference))!.Version, adminSequence);
        Assert.Equal(BookingStatus.Accepted, (await _host.Bookings.GetAsync(byAdmin.Reference))!.Status);
    }

    [Fact]
    public async Task A_coordinator_cancelling_tells_the_organiser_and_each_speaker_it_was_the_coordination()
    {
        var panel = await RequestPanelAsync(["sm-a", "sm-b"], ["sm-c"], weeks: 3);
        using var client = _host.Client(_coordinator);

        var api = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/cancel", UriKind.Relative), new { reason = "salle fermée" });

        Assert.True(api.StatusCode == HttpStatusCode.OK, await api.Content.ReadAsStringAsync());
        var stored = (await _host.Bookings.GetAsync(panel.Reference))!;
        Assert.Equal((BookingStatus.Cancelled, "coordinator"), (stored.Status, stored.CancelledBy));
        var notices = (await _host.Bookings.ListMailsAsync(panel.Reference)).Where(m => m.Key.Contains("/cancelled/", StringComparison.Ordinal)).ToList();
        Assert.Equal([Organiser, "sm-a@speakers.example", "sm-b@speakers.example"], notices.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(notices, m => Assert.Contains("annulé par la coordination. Motif : salle fermée", m.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_speaker_cancelling_her_accepted_panel_seat_by_link_invites_the_standby()
    {
        var panel = await RequestPanelAsync(["sm-a"], ["sm-c"], weeks: 3);
        await PostLinkAsync(await LinkAsync(panel.Reference, "sm-a", "Pour accepter"));
        Assert.Equal(BookingStatus.Accepted, (await _host.Bookings.GetAsync(panel.Reference))!.Status);

        var page = await PostLinkAsync(await LinkAsync(panel.Reference, "sm-a", "Pour annuler avec un motif"), "malade");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var stored = (await _host.Bookings.GetAsync(panel.Reference))!;
        Assert.Equal(BookingStatus.Requested, stored.Status);
        Assert.Equal(SeatStatus.Cancelled, stored.Seats.Single(s => s.SpeakerId == "sm-a").Status);
        Assert.Equal(SeatStatus.Invited, stored.SeatOf("sm-c")?.Status);
        Assert.Contains(await _host.Bookings.ListMailsAsync(panel.Reference), m => m.To == "sm-c@speakers.example" && m.Key.Contains("/invite/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reassigning_through_the_admin_api_refuses_a_speaker_busy_at_that_time()
    {
        await RequestPanelAsync(["sm-d"], [], weeks: 3);
        var panel = await RequestPanelAsync(["sm-a"], [], weeks: 3, organiser: "autre@forum.example");
        using var client = _host.Client(_coordinator);

        var api = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/reassign", UriKind.Relative), new { fromSpeakerId = "sm-a", speakerId = "sm-d" });

        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("intervient déjà le", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("sm-a", (await _host.Bookings.GetAsync(panel.Reference))!.Seats.Single().SpeakerId);
    }

    [Fact]
    public async Task A_requester_cancelling_in_the_chat_tells_each_speaker_it_was_the_requester()
    {
        var panel = await RequestPanelAsync(["sm-a", "sm-b"], [], weeks: 3);

        await SayAsync($"Annuler {panel.Reference}");
        await SayAsync("le forum est reporté");
        var done = await SayAsync("Oui");

        Assert.Contains(panel.Reference, done, StringComparison.Ordinal);
        var stored = (await _host.Bookings.GetAsync(panel.Reference))!;
        Assert.Equal((BookingStatus.Cancelled, "requester"), (stored.Status, stored.CancelledBy));
        var notices = (await _host.Bookings.ListMailsAsync(panel.Reference)).Where(m => m.Key.Contains("/cancelled/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["sm-a@speakers.example", "sm-b@speakers.example"], notices.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(notices, m => Assert.Contains("annulé par le demandeur. Motif : le forum est reporté", m.Body, StringComparison.Ordinal));
    }

    private async Task<Booking> RequestPanelAsync(IReadOnlyList<string> seats, IReadOnlyList<string> standbys, int weeks, string organiser = Organiser)
    {
        var outcome = await _host.Services.GetRequiredService<BookingService>().RequestPanelAsync(new PanelRequest
        {
            Title = "Forum des métiers",
            Date = Weekday(weeks),
            Start = new TimeOnly(14, 0),
            DurationMinutes = 90,
            Location = "Salle des fêtes, Toulouse",
            AudienceSize = 120,
            Organisation = "Lycée Bellevue",
            Region = "occitanie",
            Requester = new Requester("Marc Orga", organiser, "user-orga"),
            SpeakerIds = seats,
            StandbyIds = standbys,
        });
        Assert.True(outcome.Booking is not null, outcome.Refusal?.French);
        return outcome.Booking!;
    }

    /// <summary>A Tuesday about <paramref name="weeks"/> weeks ahead: the speakers' default availability covers 14:00–17:00.</summary>
    private static DateOnly Weekday(int weeks)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7 * weeks);
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The link printed after <paramref name="label"/> in the last mail to that speaker that has one.</summary>
    private async Task<string> LinkAsync(string reference, string speakerId, string label)
    {
        var mails = await _host.Bookings.ListMailsAsync(reference);
        var lines = mails.Last(m => m.To == $"{speakerId}@speakers.example" && m.Body.Contains(label, StringComparison.Ordinal)).Body.Split('\n').Select(l => l.Trim()).ToList();
        var url = lines[lines.FindIndex(l => l.StartsWith(label, StringComparison.Ordinal)) + 1];
        return url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
    }

    private async Task<HttpResponseMessage> PostLinkAsync(string token, string? reason = null)
    {
        using var client = _host.Client();
        var fields = new Dictionary<string, string> { ["t"] = token };
        if (reason is not null)
        {
            fields["reason"] = reason;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("bookings/respond", UriKind.Relative), form);
    }

    /// <summary>The kinds of mails a booking produced, without its reference: "invite/3/…", "seat/sm-a/sm-c", …</summary>
    private async Task<List<string>> MailKindsAsync(string reference) =>
        [.. (await _host.Bookings.ListMailsAsync(reference)).Select(m => Regex.Replace(m.Key[(reference.Length + 1)..], @"/\d{12}$", string.Empty) + " → " + m.To).Order(StringComparer.Ordinal)];

    private async Task<int> SequenceAsync(string reference)
    {
        var confirmation = (await _host.Bookings.ListMailsAsync(reference)).Single(m => m.Key.Contains("/confirmed/requester/", StringComparison.Ordinal));
        return int.Parse(SequenceLine().Match(confirmation.Calendar!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> SayAsync(string text)
    {
        var replies = await _host.Services.GetRequiredService<IConversationEngine>().HandleTurnAsync(new TurnInput
        {
            ConversationKey = "chat/user-orga",
            UserKey = "user-orga",
            Text = text,
            Locale = "fr-FR",
        });
        return string.Join("\n", replies.Select(r => r.Text));
    }

    [GeneratedRegex(@"SEQUENCE:(\d+)")]
    private static partial Regex SequenceLine();
}
