using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private static readonly DateOnly NextMonth = Tuesday(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30));
    private readonly AdminHost _host = new();
    private string _regional = string.Empty;
    private string _national = string.Empty;

    public async Task InitializeAsync()
    {
        await _host.AddSpeakersAsync(
            AdminHost.Speaker("t-occ-1", "occitanie"),
            AdminHost.Speaker("t-occ-2", "occitanie", "numerique"),
            AdminHost.Speaker("t-bzh-1", "bretagne"),
            AdminHost.Speaker("t-occ-pending", "occitanie", status: SpeakerStatus.Pending));
        _regional = await _host.TokenAsync("occ@reseau.example", CoordinatorRole.Regional, "occitanie");
        _national = await _host.TokenAsync("nat@reseau.example", CoordinatorRole.National);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Regional_coordinator_gets_403_on_a_speaker_outside_her_regions()
    {
        using var client = _host.Client(_regional);

        var inside = await client.GetAsync(new Uri("api/admin/speakers/t-occ-1", UriKind.Relative));
        var outside = await client.GetAsync(new Uri("api/admin/speakers/t-bzh-1", UriKind.Relative));
        var approveOutside = await client.PostAsync(new Uri("api/admin/speakers/t-bzh-1/archive", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal("application/problem+json", outside.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bretagne", (await AdminHost.JsonAsync(outside)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, approveOutside.StatusCode);
        Assert.Equal(SpeakerStatus.Approved, (await _host.Speakers.GetAsync("t-bzh-1"))!.Status);
    }

    [Fact]
    public async Task Regional_coordinator_lists_only_her_regions_and_403_when_filtering_another()
    {
        using var client = _host.Client(_regional);

        var list = await AdminHost.JsonAsync(await client.GetAsync(new Uri("api/admin/speakers?take=1000", UriKind.Relative)));
        var other = await client.GetAsync(new Uri("api/admin/speakers?region=bretagne", UriKind.Relative));

        var regions = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("region").GetString()).Distinct().ToList();
        Assert.Equal(["occitanie"], regions);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == "t-occ-2");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task National_coordinator_sees_every_region()
    {
        using var client = _host.Client(_national);

        var response = await client.GetAsync(new Uri("api/admin/speakers/t-bzh-1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Bad_filter_is_a_400_problem_naming_the_field_and_suggesting_a_slug()
    {
        using var client = _host.Client(_national);

        var response = await client.GetAsync(new Uri("api/admin/speakers?region=ocitanie", UriKind.Relative));
        var problem = await AdminHost.JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("region", problem.GetProperty("field").GetString());
        Assert.Contains("occitanie", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_makes_the_profile_approved_and_writes_an_audit_entry_with_before_and_after()
    {
        using var client = _host.Client(_regional);

        var response = await client.PostAsync(new Uri("api/admin/speakers/t-occ-pending/approve", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SpeakerStatus.Approved, (await _host.Speakers.GetAsync("t-occ-pending"))!.Status);
        var entry = Assert.Single(await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("speaker:t-occ-pending"));
        Assert.Equal("speaker.approve", entry.Action);
        Assert.StartsWith("coordinator:", entry.Actor, StringComparison.Ordinal);
        Assert.Contains("occ@reseau.example", entry.Actor, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"pending\"", entry.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"approved\"", entry.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("@speakers.example", entry.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_and_update_write_audit_entries_and_validate_slugs()
    {
        using var client = _host.Client(_regional);

        var bad = await client.PostAsJsonAsync(new Uri("api/admin/speakers", UriKind.Relative), new { firstName = "Awa", lastName = "Diallo", headline = "Data scientist", sector = "numerik", region = "occitanie" });
        var created = await client.PostAsJsonAsync(new Uri("api/admin/speakers", UriKind.Relative), new { firstName = "Awa", lastName = "Diallo", headline = "Data scientist", sector = "numerique", region = "occitanie", email = "awa@example.org" });
        var id = (await AdminHost.JsonAsync(created)).GetProperty("id").GetString();
        var updated = await client.PutAsJsonAsync(new Uri($"api/admin/speakers/{id}", UriKind.Relative), new { headline = "Cheffe de projet data" });
        var moved = await client.PutAsJsonAsync(new Uri($"api/admin/speakers/{id}", UriKind.Relative), new { region = "bretagne" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("sector", (await AdminHost.JsonAsync(bad)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        var stored = await _host.Speakers.GetAsync(id!);
        Assert.Equal("Cheffe de projet data", stored!.Headline);
        Assert.Equal("occitanie", stored.Region);
        var actions = (await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("speaker:" + id)).Select(e => e.Action).ToList();
        Assert.Equal(["speaker.update", "speaker.create"], actions);
    }

    [Fact]
    public async Task Bookings_outside_her_regions_are_hidden_and_403_on_actions()
    {
        var mine = await _host.AddBookingAsync("t-occ-1", NextMonth);
        var theirs = await _host.AddBookingAsync("t-bzh-1", NextMonth.AddDays(7));
        using var client = _host.Client(_regional);

        var list = await AdminHost.JsonAsync(await client.GetAsync(new Uri("api/admin/bookings", UriKind.Relative)));
        var get = await client.GetAsync(new Uri($"api/admin/bookings/{theirs.Reference}", UriKind.Relative));
        var cancel = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{theirs.Reference}/cancel", UriKind.Relative), new { reason = "test" });

        var references = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("booking").GetProperty("reference").GetString()).ToList();
        Assert.Equal([mine.Reference], references);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal(BookingStatus.Requested, (await _host.Bookings.GetAsync(theirs.Reference))!.Status);
    }

    [Fact]
    public async Task Confirm_on_behalf_accepts_the_visit_and_is_audited()
    {
        var booking = await _host.AddBookingAsync("t-occ-1", NextMonth);
        using var client = _host.Client(_regional);

        var response = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{booking.Reference}/confirm", UriKind.Relative), new { });
        var again = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{booking.Reference}/confirm", UriKind.Relative), new { });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(BookingStatus.Accepted, (await _host.Bookings.GetAsync(booking.Reference))!.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var entry = Assert.Single(await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("booking:" + booking.Reference));
        Assert.Equal("booking.confirm", entry.Action);
        Assert.Contains("\"status\":\"requested\"", entry.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"accepted\"", entry.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_and_reassign_change_the_booking_and_are_audited()
    {
        var toCancel = await _host.AddBookingAsync("t-occ-1", NextMonth);
        var toMove = await _host.AddBookingAsync("t-occ-1", NextMonth.AddDays(1), BookingStatus.Declined);
        using var client = _host.Client(_national);

        var cancel = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{toCancel.Reference}/cancel", UriKind.Relative), new { reason = "classe en sortie" });
        var reassign = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{toMove.Reference}/reassign", UriKind.Relative), new { speakerId = "t-occ-2" });
        var unknown = await client.PostAsJsonAsync(new Uri($"api/admin/bookings/{toMove.Reference}/reassign", UriKind.Relative), new { speakerId = "nobody" });

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await _host.Bookings.GetAsync(toCancel.Reference);
        Assert.Equal(BookingStatus.Cancelled, cancelled!.Status);
        Assert.Equal("coordinator", cancelled.CancelledBy);
        Assert.True(reassign.StatusCode == HttpStatusCode.OK, await reassign.Content.ReadAsStringAsync());
        var moved = await _host.Bookings.GetAsync(toMove.Reference);
        Assert.Equal(BookingStatus.Requested, moved!.Status);
        Assert.Equal("t-occ-2", moved.Seats.Single().SpeakerId);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var audit = _host.Services.GetRequiredService<ICoordinatorStore>();
        Assert.Equal("booking.cancel", Assert.Single(await audit.ReadAuditAsync("booking:" + toCancel.Reference)).Action);
        Assert.Equal("booking.reassign", Assert.Single(await audit.ReadAuditAsync("booking:" + toMove.Reference)).Action);
    }

    [Fact]
    public async Task Unfilled_lists_declined_requests_with_a_replacement_in_the_same_sector_and_region()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("t-occ-3", "occitanie"));
        var declined = await _host.AddBookingAsync("t-occ-1", NextMonth, BookingStatus.Declined);
        await _host.AddBookingAsync("t-occ-1", NextMonth.AddDays(2));
        using var client = _host.Client(_regional);

        var json = await AdminHost.JsonAsync(await client.GetAsync(new Uri("api/admin/unfilled", UriKind.Relative)));

        var item = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal(declined.Reference, item.GetProperty("booking").GetProperty("booking").GetProperty("reference").GetString());
        var replacement = item.GetProperty("suggestedReplacement");
        Assert.Equal("occitanie", replacement.GetProperty("region").GetString());
        Assert.Equal("aeronautique", replacement.GetProperty("sector").GetString());
        Assert.NotEqual("t-occ-1", replacement.GetProperty("id").GetString());
        Assert.True(!replacement.TryGetProperty("contact", out var contact) || contact.ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Unfilled_lists_a_request_left_in_the_chat_and_its_region_coordinator_is_mailed()
    {
        var engine = _host.Services.GetRequiredService<SpeakerBot.Conversation.IConversationEngine>();
        foreach (var said in new[] { "une pompière pour mes 4e à Toulouse", "Laisser ma demande", "En classe", "le 15 janvier", "27", "anne.roux@ac-toulouse.fr", "Passer", "oui" })
        {
            await engine.HandleTurnAsync(new SpeakerBot.Conversation.TurnInput { ConversationKey = "test/left-request", UserKey = "anne", Locale = "fr-FR", Text = said });
        }

        using var client = _host.Client(_regional);
        var json = await AdminHost.JsonAsync(await client.GetAsync(new Uri("api/admin/unfilled", UriKind.Relative)));

        var item = Assert.Single(json.GetProperty("items").EnumerateArray());
        var booking = item.GetProperty("booking").GetProperty("booking");
        Assert.Equal("unmatched", booking.GetProperty("status").GetString());
        Assert.Equal("occitanie", booking.GetProperty("region").GetString());
        var reference = booking.GetProperty("reference").GetString()!;
        Assert.Equal(["occ@reseau.example"], (await _host.Bookings.ListMailsAsync(reference)).Select(m => m.To));
    }

    private static DateOnly Tuesday(DateOnly from)
    {
        while (from.DayOfWeek != DayOfWeek.Tuesday)
        {
            from = from.AddDays(1);
        }

        return from;
    }
}
