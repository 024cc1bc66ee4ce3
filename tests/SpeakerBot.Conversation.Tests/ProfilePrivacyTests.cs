using System.Text.Json;
using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests;

public class ProfilePrivacyTests
{
    [Fact]
    public async Task Profile_view_masks_an_email_and_a_phone_written_inside_the_bio()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        await world.Speakers.UpsertAsync([new Speaker
        {
            Id = "spk-bio-contact",
            FirstName = "Léa",
            LastName = "Contact",
            Headline = "Ingénieure",
            Sector = "numerique",
            Region = "occitanie",
            Bio = "Écrivez-moi à lea.contact@exemple.fr ou au 06 12 34 56 78 pour préparer la visite.",
            Contact = new ContactDetails("lea.private@exemple.fr", "07 00 00 00 00"),
        }]);
        using var click = JsonDocument.Parse("""{"action":"profile","speakerId":"spk-bio-contact"}""");

        var replies = await world.Engine.HandleTurnAsync(new TurnInput { ConversationKey = "privacy", UserKey = "teacher", Value = click.RootElement.Clone(), Locale = "fr-FR" });

        var shown = string.Join("\n", replies.SelectMany(r => new[] { r.Text }.Concat(r.Cards.SelectMany(c => new[] { c.Title, c.Subtitle, c.Text }))).OfType<string>());
        Assert.Contains("pour préparer la visite", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("lea.contact@exemple.fr", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("06 12 34 56 78", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("lea.private", shown, StringComparison.Ordinal);
    }
}
