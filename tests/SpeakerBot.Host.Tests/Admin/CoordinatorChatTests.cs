using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>Coordinators' chat commands through the host's real engine, store and admin service.</summary>
public sealed class CoordinatorChatTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<IReadOnlyList<BotMessage>> SayAsync(string user, string text, JsonElement? value = null) =>
        await _host.Services.GetRequiredService<IConversationEngine>().HandleTurnAsync(new TurnInput
        {
            ConversationKey = "chat/" + user,
            UserKey = user,
            Text = text,
            Value = value,
            Locale = "fr-FR",
        });

    private static string Texts(IReadOnlyList<BotMessage> replies) => string.Join("\n", replies.Select(r => r.Text));

    [Fact]
    public async Task Pending_profiles_before_linking_asks_for_the_token_and_shows_nothing()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("p-occ", "occitanie", status: SpeakerStatus.Pending));

        var replies = await SayAsync("stranger", "profils en attente");

        Assert.Contains("réservée aux coordinatrices", Texts(replies), StringComparison.Ordinal);
        Assert.DoesNotContain(replies, r => r.Cards.Count > 0);
    }

    [Fact]
    public async Task Regional_coordinator_linked_once_approves_a_pending_profile_of_her_region_only()
    {
        await _host.AddSpeakersAsync(
            AdminHost.Speaker("p-occ", "occitanie", status: SpeakerStatus.Pending),
            AdminHost.Speaker("p-bzh", "bretagne", status: SpeakerStatus.Pending));
        var token = await _host.TokenAsync("occitanie@network.example", CoordinatorRole.Regional, "occitanie");

        var linked = await SayAsync("claire", "Voici mon jeton : " + token);
        Assert.Contains("occitanie@network.example", Texts(linked), StringComparison.Ordinal);
        Assert.DoesNotContain(token, Texts(linked), StringComparison.Ordinal);

        var pending = await SayAsync("claire", "Profils en attente");
        var card = Assert.Single(pending.SelectMany(r => r.Cards));
        Assert.Equal("Prénomp-occ Nomp-occ", card.Title);
        Assert.DoesNotContain("@speakers.example", card.Text ?? string.Empty, StringComparison.Ordinal);

        var approve = card.Buttons.Single(b => b.Title == "Approuver");
        using var click = JsonDocument.Parse(approve.Value);
        var done = await SayAsync("claire", string.Empty, click.RootElement.Clone());

        Assert.Contains("Prénomp-occ Nomp-occ est approuvée", Texts(done), StringComparison.Ordinal);
        Assert.Equal(SpeakerStatus.Approved, (await _host.Speakers.GetAsync("p-occ"))!.Status);
        Assert.Equal(SpeakerStatus.Pending, (await _host.Speakers.GetAsync("p-bzh"))!.Status);
        var audit = await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("speaker:");
        Assert.Contains(audit, a => a.Action == "speaker.approve" && a.Actor.Contains("occitanie@network.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approve_button_for_a_speaker_outside_her_regions_is_refused_and_changes_nothing()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("p-bzh", "bretagne", status: SpeakerStatus.Pending));
        var token = await _host.TokenAsync("occitanie@network.example", CoordinatorRole.Regional, "occitanie");
        await SayAsync("claire", token);

        // A forged click naming a speaker she cannot see.
        using var forged = JsonDocument.Parse("""{"action":"coord.approve","speakerId":"p-bzh"}""");
        var replies = await SayAsync("claire", string.Empty, forged.RootElement.Clone());

        Assert.DoesNotContain("est approuvée", Texts(replies), StringComparison.Ordinal);
        Assert.Equal(SpeakerStatus.Pending, (await _host.Speakers.GetAsync("p-bzh"))!.Status);
    }

    [Fact]
    public async Task Revoked_token_stops_the_linked_chat_at_once_and_an_unknown_token_is_refused()
    {
        var token = await _host.TokenAsync("nationale@network.example", CoordinatorRole.National);
        await SayAsync("nadia", token);
        Assert.Contains("en attente de validation", Texts(await SayAsync("nadia", "profils en attente")), StringComparison.Ordinal);

        await _host.Services.GetRequiredService<CoordinatorService>().RevokeAsync("nationale@network.example", "test");

        Assert.Contains("réservée aux coordinatrices", Texts(await SayAsync("nadia", "profils en attente")), StringComparison.Ordinal);
        Assert.Contains("n'est pas reconnu", Texts(await SayAsync("nadia", "sbc_999_notarealsecret")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_requests_and_month_figures_count_only_her_regions()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("a-occ", "occitanie"), AdminHost.Speaker("a-bzh", "bretagne"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var inTwoWeeks = today.AddDays(14);
        var occitan = await _host.AddBookingAsync("a-occ", inTwoWeeks);
        var breton = await _host.AddBookingAsync("a-bzh", inTwoWeeks);
        var token = await _host.TokenAsync("occitanie@network.example", CoordinatorRole.Regional, "occitanie");
        await SayAsync("claire", token);

        var waiting = Texts(await SayAsync("claire", "demandes en attente"));

        Assert.Contains(occitan.Reference, waiting, StringComparison.Ordinal);
        Assert.DoesNotContain(breton.Reference, waiting, StringComparison.Ordinal);
        Assert.Contains("1 demande(s) attendent une réponse", waiting, StringComparison.Ordinal);
    }
}
