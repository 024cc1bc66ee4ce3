using SpeakerBot.Admin;
using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Conversation.Tests;

/// <summary>"Laisser ma demande" stores a request that reaches the coordination and follows the retention of requests (decision 107).</summary>
public sealed class LeaveRequestTests
{
    private const string Teacher = "anne";

    [Fact]
    public async Task Leave_request_in_chat_is_stored_mailed_to_the_region_coordinator_and_listed_as_unfilled()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        var lyon = await CoordinatorAsync(world, "aura@coordination.example", "regional", "auvergne-rhone-alpes");
        var brittany = await CoordinatorAsync(world, "bzh@coordination.example", "regional", "bretagne");
        await CoordinatorAsync(world, "nat@coordination.example", "national");

        await LeaveRequestAsync(world, "une pompière pour mes 4e à Lyon");

        var request = Assert.Single(await world.Bookings.ListForRequesterAsync(Teacher));
        Assert.Equal(BookingStatus.Unmatched, request.Status);
        Assert.Equal("auvergne-rhone-alpes", request.Region);
        Assert.Equal("anne.roux@ac-lyon.fr", request.Requester.Email);
        Assert.Equal(27, request.Pupils);
        Assert.Equal(new DateOnly(2027, 1, 15), request.Date);
        Assert.Empty(request.Seats);

        // The region's coordinator is told, not the others (the national team only hears of what no region covers).
        Assert.Equal(["aura@coordination.example"], world.MailRecipients());
        var mail = Assert.Single(await world.Bookings.ListMailsAsync(request.Reference));
        Assert.Contains("anne.roux@ac-lyon.fr", mail.Body, StringComparison.Ordinal);

        var forLyon = await world.Get<AdminService>().UnfilledAsync(lyon);
        Assert.Contains(forLyon, u => u.Request.Booking.Reference == request.Reference);
        Assert.DoesNotContain(await world.Get<AdminService>().UnfilledAsync(brittany), u => u.Request.Booking.Reference == request.Reference);
    }

    [Fact]
    public async Task Leave_request_where_no_regional_coordinator_works_goes_to_the_national_coordination()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        await CoordinatorAsync(world, "bzh@coordination.example", "regional", "bretagne");
        var national = await CoordinatorAsync(world, "nat@coordination.example", "national");

        await LeaveRequestAsync(world, "une pompière pour mes 4e à Lyon");

        Assert.Equal(["nat@coordination.example"], world.MailRecipients());
        Assert.Single(await world.Get<AdminService>().UnfilledAsync(national));
    }

    [Fact]
    public async Task Leave_request_is_kept_until_the_retention_of_requests_then_its_requester_is_anonymised()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        await CoordinatorAsync(world, "aura@coordination.example", "regional", "auvergne-rhone-alpes");
        await LeaveRequestAsync(world, "une pompière pour mes 4e à Lyon");
        var reference = Assert.Single(await world.Bookings.ListForRequesterAsync(Teacher)).Reference;

        // Months later, before the retention period of requests: still there, as left.
        world.Clock.SetUtcNow(Transcript.DefaultNow.AddMonths(6));
        await world.Get<PrivacyService>().ApplyRetentionAsync();
        Assert.Equal("anne.roux@ac-lyon.fr", (await world.Bookings.GetAsync(reference))!.Requester.Email);

        // Past it (12 months after the wished date): the figures stay, the person goes, like any request.
        world.Clock.SetUtcNow(Transcript.DefaultNow.AddMonths(15));
        await world.Get<PrivacyService>().ApplyRetentionAsync();
        var kept = await world.Bookings.GetAsync(reference);
        Assert.NotNull(kept);
        Assert.Equal(BookingStatus.Unmatched, kept.Status);
        Assert.NotEqual("anne.roux@ac-lyon.fr", kept.Requester.Email);
        Assert.Empty(await world.Bookings.ListMailsAsync(reference));
    }

    private static async Task<Coordinator> CoordinatorAsync(ConversationWorld world, string email, string role, params string[] regions)
    {
        var added = await world.Get<CoordinatorService>().AddAsync(email, role, regions, "test");
        Assert.Null(added.Error);
        return added.Value.Coordinator;
    }

    private static async Task LeaveRequestAsync(ConversationWorld world, string search)
    {
        IReadOnlyList<BotMessage> last = [];
        foreach (var said in new[] { search, "[Laisser ma demande]", "En classe", "le 15 janvier", "27", "anne.roux@ac-lyon.fr", "Passer", "oui" })
        {
            var text = said.StartsWith('[')
                ? last.SelectMany(m => m.SuggestedActions).Concat(last.SelectMany(m => m.Cards).SelectMany(c => c.Buttons)).First(b => b.Title == said[1..^1]).Value
                : said;
            last = await world.Engine.HandleTurnAsync(new TurnInput { ConversationKey = "test/leave-request", UserKey = Teacher, Locale = "fr-FR", Text = text });
        }

        Assert.Contains(last, m => m.Text?.Contains("La coordination vous répondra à anne.roux@ac-lyon.fr", StringComparison.Ordinal) == true);
    }
}
