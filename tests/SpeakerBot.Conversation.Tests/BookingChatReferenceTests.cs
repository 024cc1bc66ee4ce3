using SpeakerBot.Conversation.Tests.Support;

namespace SpeakerBot.Conversation.Tests;

/// <summary>A booking made in chat remembers its conversation, where the speaker's answer is told back (decision 117).</summary>
public sealed class BookingChatReferenceTests
{
    [Fact]
    public async Task Panel_booked_in_chat_keeps_the_conversation_it_was_booked_in()
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
            last = await world.Engine.HandleTurnAsync(new TurnInput { ConversationKey = "directline/conversations/panel-chat", UserKey = "organiser", Locale = "fr-FR", Text = text });
        }

        Assert.Contains(last, m => m.Text?.Contains("PN-2026-0001", StringComparison.Ordinal) == true);
        Assert.Equal("\"directline/conversations/panel-chat\"", await world.StateStore.LoadAsync("booking-chat/PN-2026-0001"));
    }
}
