using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests;

/// <summary>The panel booked in chat records where the event takes place, which decides who may cancel it (decision 095).</summary>
public sealed class PanelRegionTests
{
    [Fact]
    public async Task Panel_booked_in_chat_records_the_venue_region_even_with_speakers_from_elsewhere()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        IReadOnlyList<BotMessage> last = [];
        foreach (var said in new[]
        {
            "Nous organisons une table ronde le 15 janvier à 14h à Lyon, il nous faudrait trois intervenantes de l'industrie verte pour 200 personnes",
            "Les métiers de la transition écologique",
            "Hôtel de Région, 1 esplanade François Mitterrand, Lyon",
            "Lycée Ampère",
            "[Valider ce panel]",
            "Camille Moreau",
            "camille.moreau@lycee-ampere.example",
            "Oui",
        })
        {
            var text = said.StartsWith('[')
                ? last.SelectMany(m => m.SuggestedActions).Concat(last.SelectMany(m => m.Cards).SelectMany(c => c.Buttons)).First(b => b.Title == said[1..^1]).Value
                : said;
            last = await world.Engine.HandleTurnAsync(new TurnInput { ConversationKey = "test/panel-region", UserKey = "organiser", Locale = "fr-FR", Text = text });
        }

        Assert.Contains(last, m => m.Text?.Contains("PN-2026-0001", StringComparison.Ordinal) == true);
        var panel = await world.Bookings.GetAsync("PN-2026-0001");
        Assert.NotNull(panel);
        Assert.Equal("auvergne-rhone-alpes", panel.Region);

        // The venue's region, not the first speaker's: a speaker from another region completes this panel.
        var regions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seat in panel.Seats.Where(s => s.Role == SeatRole.Seat))
        {
            regions.Add((await world.Speakers.GetAsync(seat.SpeakerId))!.Region);
        }

        Assert.True(regions.Count > 1, "the panel should mix regions: " + string.Join(", ", regions));
    }
}
