using SpeakerBot.Bookings;
using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests;

/// <summary>Fair exposure in the running bot: requests stored in the booking store lower a speaker in later searches (decision 107).</summary>
public sealed class FairExposureTests
{
    [Fact]
    public async Task Search_after_the_first_speaker_got_requests_proposes_another_one_first()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        var bookings = world.Get<BookingService>();
        var firsts = new List<string>();
        for (var teacher = 1; teacher <= 6; teacher++)
        {
            var first = await FirstProposedAsync(world, teacher);
            firsts.Add(first.FullName);

            // This teacher books the speaker proposed first, on her first free slot.
            var requester = new Requester($"Enseignante {teacher}", $"prof{teacher}@college.example", $"teacher-{teacher}");
            var slot = (await bookings.FreeSlotsAsync(first.Id, VisitFormat.InPerson, 1, null, requester)).First();
            var outcome = await bookings.RequestVisitAsync(new VisitRequest
            {
                SpeakerId = first.Id,
                Date = slot.Date,
                Start = slot.Start,
                School = new School("Collège Jean Jaurès", "Toulouse"),
                ClassLevel = "4e",
                Pupils = 25,
                Requester = requester,
            });
            Assert.True(outcome.Booking is not null, $"booking {teacher} with {first.FullName} was refused: {outcome.Refusal?.French}");
        }

        // Without fairness the same speaker tops every one of these identical searches.
        Assert.True(firsts.Distinct(StringComparer.Ordinal).Count() >= 2, "always proposed first: " + string.Join(", ", firsts));
        Assert.NotEqual(firsts[0], firsts[^1]);
    }

    private static async Task<Speaker> FirstProposedAsync(ConversationWorld world, int teacher)
    {
        var replies = await world.Engine.HandleTurnAsync(new TurnInput
        {
            ConversationKey = $"test/fairness/{teacher}",
            UserKey = $"teacher-{teacher}",
            Locale = "fr-FR",
            Text = "Une ingénieure en aéronautique à Toulouse",
        });
        var card = replies.SelectMany(m => m.Cards).FirstOrDefault()
            ?? throw new InvalidOperationException("no speaker proposed:\n" + string.Join('\n', Transcript.Render(replies)));
        return world.Directory.First(s => s.FullName == card.Title);
    }
}
