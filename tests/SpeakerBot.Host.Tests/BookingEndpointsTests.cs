using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Tests;

public sealed class BookingEndpointsTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-host-bookings-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Storage:SqlitePath", Path.Combine(_folder, "speakerbot.db"));
            web.UseSetting("Bookings:PickupDirectory", Path.Combine(_folder, "outbox"));
            web.UseSetting("Bookings:RunBackgroundServices", "false");
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<ISpeakerStore>();
                services.AddSingleton<ISpeakerStore>(new InMemorySpeakerStore());
            });
        });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Respond_page_shows_the_request_and_accepts_only_on_post_and_only_once()
    {
        var (reference, accept, _) = await RequestVisitAsync();

        var page = await _client.GetAsync(accept);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("accepte</button>", html, StringComparison.Ordinal);
        Assert.Contains("Collège Jean Jaurès", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sophie.durand@ac-toulouse.fr", html, StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Requested, (await Store.GetAsync(reference))!.Status);

        var post = await _client.PostAsync("/bookings/respond", Form(("t", Token(accept))));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Merci", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Accepted, (await Store.GetAsync(reference))!.Status);

        var again = await _client.PostAsync("/bookings/respond", Form(("t", Token(accept))));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("déjà servi", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Respond_with_a_tampered_token_says_the_link_is_invalid_in_english_when_asked()
    {
        var (reference, _, decline) = await RequestVisitAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, decline[..^3] + "abc");
        request.Headers.AcceptLanguage.ParseAdd("en-GB");
        var page = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("This link is not valid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var post = await _client.PostAsync("/bookings/respond", Form(("t", "nonsense")));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(BookingStatus.Requested, (await Store.GetAsync(reference))!.Status);
    }

    [Fact]
    public async Task Feedback_form_refuses_more_girls_than_pupils_and_keeps_the_typed_values()
    {
        var (reference, accept, _) = await RequestVisitAsync();
        await _client.PostAsync("/bookings/respond", Form(("t", Token(accept))));
        var mails = await Store.ListMailsAsync(reference);
        var feedback = mails.Single(m => m.Key.Contains("/followup/", StringComparison.Ordinal)).Body.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/bookings/feedback", StringComparison.Ordinal));

        var form = await _client.GetAsync(PathOf(feedback));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"girls\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The visit has not happened yet: answers are not accepted before it.
        var early = await _client.PostAsync("/bookings/feedback", Form(("t", Token(feedback)), ("pupils", "20"), ("girls", "30"), ("satisfaction", "4")));
        var html = await early.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("ne peut pas dépasser", html, StringComparison.Ordinal);
        Assert.Contains("value=\"30\"", html, StringComparison.Ordinal);
    }

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private async Task<(string Reference, string Accept, string Decline)> RequestVisitAsync()
    {
        var speakers = _factory.Services.GetRequiredService<ISpeakerStore>();
        await speakers.UpsertAsync([new Speaker
        {
            Id = "s1",
            FirstName = "Claire",
            LastName = "Martin",
            Headline = "Ingénieure",
            Sector = "aeronautique",
            Region = "occitanie",
            Contact = new ContactDetails("claire@speakers.example", null),
        }]);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        // A Tuesday when Toulouse's schools are open (the test runs on the real date, holidays included).
        while (date.DayOfWeek != DayOfWeek.Tuesday || SchoolCalendar.Default.Closure(date, "31") is not null)
        {
            date = date.AddDays(1);
        }

        var outcome = await _factory.Services.GetRequiredService<BookingService>().RequestVisitAsync(new VisitRequest
        {
            SpeakerId = "s1",
            Date = date,
            Start = new TimeOnly(10, 0),
            School = new School("Collège Jean Jaurès", "Toulouse"),
            ClassLevel = "4e",
            Pupils = 28,
            Requester = new Requester("Sophie Durand", "sophie.durand@ac-toulouse.fr", "web/sophie"),
        });
        Assert.True(outcome.Succeeded, outcome.Refusal?.English);
        var lines = (await Store.ListMailsAsync(outcome.Booking!.Reference)).Single(m => m.To == "claire@speakers.example").Body.Split('\n').Select(l => l.Trim()).ToList();
        return (outcome.Booking.Reference, PathOf(lines[lines.IndexOf("Pour accepter :") + 1]), PathOf(lines[lines.IndexOf("Pour décliner :") + 1]));
    }

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private static string Token(string url) => url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}
