using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>
/// A panel held in Bretagne with one speaker from Occitanie (first seat) and one from Bretagne, against the
/// coordinators of both regions, of an unrelated region and the national one (decision 095), over the real admin API.
/// </summary>
[Trait("Category", "Security")]
public sealed class MultiRegionPanelTests : IAsyncLifetime
{
    private static readonly DateOnly InThreeWeeks = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
    private readonly AdminHost _host = new();
    private string _occitanie = string.Empty;
    private string _bretagne = string.Empty;
    private string _ileDeFrance = string.Empty;
    private string _national = string.Empty;

    public async Task InitializeAsync()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("pn-occ", "occitanie"), AdminHost.Speaker("pn-bzh", "bretagne"));
        _occitanie = await _host.TokenAsync("occ@reseau.example", CoordinatorRole.Regional, "occitanie");
        _bretagne = await _host.TokenAsync("bzh@reseau.example", CoordinatorRole.Regional, "bretagne");
        _ileDeFrance = await _host.TokenAsync("idf@reseau.example", CoordinatorRole.Regional, "ile-de-france");
        _national = await _host.TokenAsync("nat@reseau.example", CoordinatorRole.National);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Panel_is_listed_for_the_event_region_and_each_speaker_region_and_hidden_from_another()
    {
        var panel = await AddPanelAsync("bretagne");

        foreach (var token in new[] { _occitanie, _bretagne, _national })
        {
            using var client = _host.Client(token);
            var list = await AdminHost.JsonAsync(await client.GetAsync(new Uri("api/admin/bookings?status=requested", UriKind.Relative)));
            Assert.Contains(panel.Reference, References(list));
            var get = await client.GetAsync(new Uri($"api/admin/bookings/{panel.Reference}", UriKind.Relative));
            Assert.True(get.StatusCode == HttpStatusCode.OK, await get.Content.ReadAsStringAsync());
            var json = await AdminHost.JsonAsync(get);
            Assert.Equal("bretagne", json.GetProperty("region").GetString());
            Assert.Equal(["bretagne", "occitanie"], json.GetProperty("regions").EnumerateArray().Select(r => r.GetString()).ToList());
        }

        using var stranger = _host.Client(_ileDeFrance);
        var theirs = await AdminHost.JsonAsync(await stranger.GetAsync(new Uri("api/admin/bookings", UriKind.Relative)));
        var refused = await stranger.GetAsync(new Uri($"api/admin/bookings/{panel.Reference}", UriKind.Relative));
        Assert.DoesNotContain(panel.Reference, References(theirs));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // Filtering on a speaker's region finds the panel too.
        using var breton = _host.Client(_bretagne);
        using var occitan = _host.Client(_occitanie);
        Assert.Contains(panel.Reference, References(await AdminHost.JsonAsync(await occitan.GetAsync(new Uri("api/admin/bookings?region=occitanie", UriKind.Relative)))));
        Assert.Contains(panel.Reference, References(await AdminHost.JsonAsync(await breton.GetAsync(new Uri("api/admin/bookings?region=bretagne", UriKind.Relative)))));
    }

    [Fact]
    public async Task Speaker_region_coordinator_declines_her_speaker_seat_only()
    {
        var panel = await AddPanelAsync("bretagne");
        using var client = _host.Client(_occitanie);

        var other = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/decline", UriKind.Relative), new { speakerId = "pn-bzh" });
        var hers = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/decline", UriKind.Relative), new { speakerId = "pn-occ" });

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("bretagne", (await AdminHost.JsonAsync(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(hers.StatusCode == HttpStatusCode.OK, await hers.Content.ReadAsStringAsync());
        var after = (await _host.Bookings.GetAsync(panel.Reference))!;
        Assert.Equal(SeatStatus.Declined, after.SeatOf("pn-occ")!.Status);
        Assert.Equal(SeatStatus.Invited, after.SeatOf("pn-bzh")!.Status);
    }

    [Fact]
    public async Task Speaker_region_coordinator_replaces_her_speaker_but_not_the_other()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("pn-occ-2", "occitanie"));
        var panel = await AddPanelAsync("bretagne");
        using var client = _host.Client(_occitanie);

        var other = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/reassign", UriKind.Relative), new { fromSpeakerId = "pn-bzh", speakerId = "pn-occ-2" });
        var hers = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/reassign", UriKind.Relative), new { fromSpeakerId = "pn-occ", speakerId = "pn-occ-2" });

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.True(hers.StatusCode == HttpStatusCode.OK, await hers.Content.ReadAsStringAsync());
        var seats = (await _host.Bookings.GetAsync(panel.Reference))!.Seats.Select(s => s.SpeakerId).ToList();
        Assert.Equal(["pn-occ-2", "pn-bzh"], seats);
    }

    [Fact]
    public async Task Event_region_coordinator_answers_for_every_seat()
    {
        var panel = await AddPanelAsync("bretagne");
        using var client = _host.Client(_bretagne);

        var visiting = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/decline", UriKind.Relative), new { speakerId = "pn-occ" });
        var local = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/confirm", UriKind.Relative), new { speakerId = "pn-bzh" });

        Assert.True(visiting.StatusCode == HttpStatusCode.OK, await visiting.Content.ReadAsStringAsync());
        Assert.True(local.StatusCode == HttpStatusCode.OK, await local.Content.ReadAsStringAsync());
        var after = (await _host.Bookings.GetAsync(panel.Reference))!;
        Assert.Equal(SeatStatus.Declined, after.SeatOf("pn-occ")!.Status);
        Assert.Equal(SeatStatus.Accepted, after.SeatOf("pn-bzh")!.Status);
    }

    [Fact]
    public async Task Only_the_event_region_or_national_coordinator_cancels_the_whole_panel()
    {
        var panel = await AddPanelAsync("bretagne");
        var another = await AddPanelAsync("bretagne", daysLater: 1);

        using var occitan = _host.Client(_occitanie);
        using var stranger = _host.Client(_ileDeFrance);
        var bySpeakerRegion = await occitan.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/cancel", UriKind.Relative), new { reason = "test" });
        var byStranger = await stranger.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/cancel", UriKind.Relative), new { reason = "test" });

        Assert.Equal(HttpStatusCode.Forbidden, bySpeakerRegion.StatusCode);
        Assert.Contains("bretagne", (await AdminHost.JsonAsync(bySpeakerRegion)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byStranger.StatusCode);
        Assert.Equal(BookingStatus.Requested, (await _host.Bookings.GetAsync(panel.Reference))!.Status);

        using var breton = _host.Client(_bretagne);
        using var national = _host.Client(_national);
        var byEventRegion = await breton.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/cancel", UriKind.Relative), new { reason = "salle indisponible" });
        var byNational = await national.PostAsJsonAsync(new Uri($"api/admin/bookings/{another.Reference}/cancel", UriKind.Relative), new { reason = "doublon" });

        Assert.True(byEventRegion.StatusCode == HttpStatusCode.OK, await byEventRegion.Content.ReadAsStringAsync());
        Assert.Equal(BookingStatus.Cancelled, (await _host.Bookings.GetAsync(panel.Reference))!.Status);
        Assert.True(byNational.StatusCode == HttpStatusCode.OK, await byNational.Content.ReadAsStringAsync());
        Assert.Equal(BookingStatus.Cancelled, (await _host.Bookings.GetAsync(another.Reference))!.Status);
        var audit = await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("booking:" + panel.Reference);
        Assert.Equal("booking.cancel", Assert.Single(audit).Action);
        Assert.Contains("bzh@reseau.example", audit[0].Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Panel_without_a_recorded_region_belongs_to_its_first_speakers_region_and_is_shared_with_the_others()
    {
        var panel = await AddPanelAsync(eventRegion: null);
        using var breton = _host.Client(_bretagne);

        var list = await AdminHost.JsonAsync(await breton.GetAsync(new Uri("api/admin/bookings", UriKind.Relative)));
        var cancel = await breton.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/cancel", UriKind.Relative), new { reason = "test" });
        var decline = await breton.PostAsJsonAsync(new Uri($"api/admin/bookings/{panel.Reference}/decline", UriKind.Relative), new { });

        Assert.Contains(panel.Reference, References(list));
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Contains("occitanie", (await AdminHost.JsonAsync(cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Without a speaker named, the decline goes to the seat she answers for, not to the first seat.
        Assert.True(decline.StatusCode == HttpStatusCode.OK, await decline.Content.ReadAsStringAsync());
        var after = (await _host.Bookings.GetAsync(panel.Reference))!;
        Assert.Equal(SeatStatus.Invited, after.SeatOf("pn-occ")!.Status);
        Assert.Equal(SeatStatus.Declined, after.SeatOf("pn-bzh")!.Status);
    }

    [Fact]
    public async Task Waiting_requests_in_chat_list_the_panel_for_both_regions_and_say_which_seats_she_answers_for()
    {
        var panel = await AddPanelAsync("bretagne");
        await SayAsync("claire", _occitanie);
        await SayAsync("yuna", _bretagne);
        await SayAsync("ines", _ileDeFrance);

        var occitan = await SayAsync("claire", "demandes en attente");
        var breton = await SayAsync("yuna", "demandes en attente");
        var stranger = await SayAsync("ines", "demandes en attente");

        var line = occitan.Split('\n').Single(l => l.Contains(panel.Reference, StringComparison.Ordinal));
        Assert.Contains("lieu de l'événement : Bretagne ; vous répondez pour Prénompn-occ Nompn-occ,", line, StringComparison.Ordinal);
        Assert.Contains(panel.Reference, breton, StringComparison.Ordinal);
        Assert.DoesNotContain("lieu de l'événement", breton, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.Reference, stranger, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_count_a_held_panel_once_in_the_event_region()
    {
        // Corse and Mayotte: no seeded bookings, so the figures come from this test only.
        await _host.AddSpeakersAsync(AdminHost.Speaker("pn-may", "mayotte"), AdminHost.Speaker("pn-cor", "corse"));
        var corse = await _host.TokenAsync("cor@reseau.example", CoordinatorRole.Regional, "corse");
        var mayotte = await _host.TokenAsync("may@reseau.example", CoordinatorRole.Regional, "mayotte");
        await AddPanelAsync("corse", daysLater: -60, status: BookingStatus.FeedbackReceived, first: "pn-may", second: "pn-cor");

        using var host = _host.Client(corse);
        using var guest = _host.Client(mayotte);
        var hosting = await AdminHost.JsonAsync(await host.GetAsync(new Uri("api/admin/stats", UriKind.Relative)));
        var visiting = await AdminHost.JsonAsync(await guest.GetAsync(new Uri("api/admin/stats", UriKind.Relative)));

        var region = Assert.Single(hosting.GetProperty("byRegion").EnumerateArray());
        Assert.Equal(("corse", 1, 150), (region.GetProperty("key").GetString(), region.GetProperty("visits").GetInt32(), region.GetProperty("pupils").GetInt32()));
        Assert.Empty(visiting.GetProperty("byRegion").EnumerateArray());
    }

    private async Task<string> SayAsync(string user, string text)
    {
        var replies = await _host.Services.GetRequiredService<IConversationEngine>().HandleTurnAsync(new TurnInput
        {
            ConversationKey = "chat/" + user,
            UserKey = user,
            Text = text,
            Locale = "fr-FR",
        });
        return string.Join("\n", replies.Select(r => r.Text));
    }

    private static List<string?> References(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("booking").GetProperty("reference").GetString())];

    /// <summary>A panel written straight into the store (no rules): pn-occ on the first seat, pn-bzh on the second by default.</summary>
    private async Task<Booking> AddPanelAsync(
        string? eventRegion,
        int daysLater = 0,
        BookingStatus status = BookingStatus.Requested,
        string first = "pn-occ",
        string second = "pn-bzh")
    {
        var seat = status == BookingStatus.Requested ? SeatStatus.Invited : SeatStatus.Accepted;
        var draft = new Booking
        {
            Reference = string.Empty,
            Kind = BookingKind.Panel,
            Requester = new Requester("Yann Le Goff", "yann@forum-rennes.example", "user-yann"),
            Date = InThreeWeeks.AddDays(daysLater),
            Start = new TimeOnly(14, 0),
            DurationMinutes = 90,
            Location = "Parc des expositions, Rennes",
            Title = "Forum des métiers de l'aéronautique",
            Organisation = "Lycée Chateaubriand",
            AudienceSize = 200,
            Region = eventRegion,
            Status = status,
            Feedback = status == BookingStatus.FeedbackReceived ? new BookingFeedback(150, 80, 5, DateTimeOffset.UtcNow) : null,
            SeatsWanted = 2,
            Seats = [new BookingSeat(1, first, SeatRole.Seat, seat), new BookingSeat(2, second, SeatRole.Seat, seat)],
        };
        var result = await _host.Bookings.CreateAsync(draft, Guid.NewGuid().ToString("N"), _ => null, _ => []);
        Assert.True(result.Succeeded, result.Refusal?.French);
        return result.Booking!;
    }
}
