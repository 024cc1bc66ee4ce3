using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Tests;

/// <summary>The speaker's answer told back in the conversation where the teacher booked (decision 117), through the real host.</summary>
public sealed class BookingChatTests : IAsyncLifetime
{
    private HostFactory _factory = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _factory = new HostFactory(new Dictionary<string, string?>
        {
            ["Bookings:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "speakerbot-chat-outbox-" + Guid.NewGuid().ToString("N")),
            ["Bookings:RunBackgroundServices"] = "false",
        });
        _http = _factory.CreateRealClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Accept_through_the_mailed_link_is_told_on_the_direct_line_stream_of_the_conversation_that_booked()
    {
        var (conversationId, token) = await StartConversationAsync();
        var (reference, accept) = await RequestVisitAsync();
        await _factory.Services.GetRequiredService<BookingChat>().RememberAsync(reference, $"directline/conversations/{conversationId}");
        var before = await ActivitiesAsync(conversationId, token);

        var answered = await _http.PostAsync("bookings/respond", new FormUrlEncodedContent([new("t", accept)]));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        var after = await ActivitiesAsync(conversationId, token);
        var told = Assert.Single(after.Skip(before.Count));
        Assert.Equal("bot", told.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal($"Bonne nouvelle : Claire a accepté votre demande {reference} ({BookingText.DateTime("fr", (await Store.GetAsync(reference))!.Date, new TimeOnly(10, 0))}). Les coordonnées de chacun arrivent par e-mail.", told.GetProperty("text").GetString());
        Assert.DoesNotContain("claire@speakers.example", told.GetProperty("text").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_for_a_conversation_that_no_longer_exists_still_confirms_and_mails()
    {
        var (reference, accept) = await RequestVisitAsync();
        await _factory.Services.GetRequiredService<BookingChat>().RememberAsync(reference, "directline/conversations/AAAAAAAAAAAAAAAAAAAAAA");

        var answered = await _http.PostAsync("bookings/respond", new FormUrlEncodedContent([new("t", accept)]));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(BookingStatus.Accepted, (await Store.GetAsync(reference))!.Status);
        Assert.Contains(await Store.ListMailsAsync(reference), m => m.To == "sophie.durand@ac-toulouse.fr" && m.Body.Contains("claire@speakers.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Move_asked_elsewhere_and_the_day_before_reminder_are_told_once_in_the_conversation_that_booked()
    {
        var (conversationId, token) = await StartConversationAsync();
        var (reference, accept) = await RequestVisitAsync();
        await _factory.Services.GetRequiredService<BookingChat>().RememberAsync(reference, $"directline/conversations/{conversationId}");
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("bookings/respond", new FormUrlEncodedContent([new("t", accept)]))).StatusCode);
        var before = (await ActivitiesAsync(conversationId, token)).Count;

        var booking = (await Store.GetAsync(reference))!;
        var newDate = booking.Date.AddDays(7);
        while (SchoolCalendar.Default.Closure(newDate, "31") is not null)
        {
            newDate = newDate.AddDays(7);
        }

        var service = _factory.Services.GetRequiredService<BookingService>();
        var moved = await service.MoveAsync(reference, new BookingAccess("directline/users/sophie"), newDate, null, default, "directline/conversations/another");
        Assert.True(moved.Succeeded, moved.Refusal?.English);
        var afterMove = await ActivitiesAsync(conversationId, token);
        Assert.StartsWith($"Votre demande {reference} est déplacée au {BookingText.DateTime("fr", newDate, new TimeOnly(10, 0))}.", Assert.Single(afterMove.Skip(before)).GetProperty("text").GetString(), StringComparison.Ordinal);

        // Asked in the conversation that booked: the flow answers there itself, nothing more is told.
        var back = await service.MoveAsync(reference, new BookingAccess("directline/users/sophie"), booking.Date, null, default, $"directline/conversations/{conversationId}");
        Assert.True(back.Succeeded, back.Refusal?.English);
        Assert.Equal(afterMove.Count, (await ActivitiesAsync(conversationId, token)).Count);

        var newLink = (await Store.ListMailsAsync(reference)).Last(m => m.To == "claire@speakers.example" && m.Body.Contains("Pour accepter", StringComparison.Ordinal)).Body.Split('\n').Select(l => l.Trim()).ToList();
        var again = newLink[newLink.IndexOf("Pour accepter :") + 1];
        await _http.PostAsync("bookings/respond", new FormUrlEncodedContent([new("t", again[(again.IndexOf("?t=", StringComparison.Ordinal) + 3)..])]));
        Assert.Equal(BookingStatus.Accepted, (await Store.GetAsync(reference))!.Status);
        var beforeReminder = (await ActivitiesAsync(conversationId, token)).Count;

        var dayBefore = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(FrenchTime.ToInstant(booking.Date.AddDays(-1), new TimeOnly(9, 0)));
        var reminding = ActivatorUtilities.CreateInstance<BookingService>(_factory.Services, (TimeProvider)dayBefore);
        Assert.Equal(1, await reminding.RemindInChatAsync());
        Assert.Equal(0, await reminding.RemindInChatAsync());
        var reminder = Assert.Single((await ActivitiesAsync(conversationId, token)).Skip(beforeReminder));
        Assert.StartsWith($"Rappel : {reference} a lieu demain", reminder.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private async Task<(string ConversationId, string Token)> StartConversationAsync()
    {
        var minted = await (await _http.PostAsync("api/directline/token", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", minted.GetProperty("token").GetString());
        var started = await (await _http.SendAsync(start)).Content.ReadFromJsonAsync<JsonElement>();
        return (started.GetProperty("conversationId").GetString()!, started.GetProperty("token").GetString()!);
    }

    private async Task<List<JsonElement>> ActivitiesAsync(string conversationId, string token)
    {
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities?watermark=");
        poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var set = await (await _http.SendAsync(poll)).Content.ReadFromJsonAsync<JsonElement>();
        return [.. set.GetProperty("activities").EnumerateArray()];
    }

    private async Task<(string Reference, string AcceptToken)> RequestVisitAsync()
    {
        _ = _factory.ServerAddress;
        await _factory.Services.GetRequiredService<ISpeakerStore>().UpsertAsync([new Speaker
        {
            Id = "chat-s1",
            FirstName = "Claire",
            LastName = "Martin",
            Headline = "Ingénieure",
            Sector = "aeronautique",
            Region = "occitanie",
            Contact = new ContactDetails("claire@speakers.example", null),
        }]);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        while (date.DayOfWeek != DayOfWeek.Tuesday || SchoolCalendar.Default.Closure(date, "31") is not null)
        {
            date = date.AddDays(1);
        }

        var outcome = await _factory.Services.GetRequiredService<BookingService>().RequestVisitAsync(new VisitRequest
        {
            SpeakerId = "chat-s1",
            Date = date,
            Start = new TimeOnly(10, 0),
            School = new School("Collège Jean Jaurès", "Toulouse"),
            ClassLevel = "4e",
            Pupils = 28,
            Requester = new Requester("Sophie Durand", "sophie.durand@ac-toulouse.fr", "directline/users/sophie"),
        });
        Assert.True(outcome.Succeeded, outcome.Refusal?.English);
        var lines = (await Store.ListMailsAsync(outcome.Booking!.Reference)).Single(m => m.To == "claire@speakers.example").Body.Split('\n').Select(l => l.Trim()).ToList();
        var url = lines[lines.IndexOf("Pour accepter :") + 1];
        return (outcome.Booking.Reference, url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..]);
    }
}
