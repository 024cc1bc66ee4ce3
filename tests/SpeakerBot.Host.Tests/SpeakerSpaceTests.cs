using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Host.Tests;

/// <summary>A speaker's own page, from her personal link, through the real host on 127.0.0.1 (decision 116).</summary>
public sealed partial class SpeakerSpaceTests : IAsyncLifetime
{
    private const string AntiforgeryField = "__RequestVerificationToken";

    private HostFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "speakerbot-space-outbox-" + Guid.NewGuid().ToString("N"));
        _factory = new HostFactory(new Dictionary<string, string?>
        {
            ["Bookings:PickupDirectory"] = outbox,
            ["Bookings:RunBackgroundServices"] = "false",
        });
        _client = _factory.CreateRealClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Space_new_weekly_window_is_saved_and_search_and_free_slots_follow_at_once()
    {
        await SeedAsync("sp-a", "Claire", "glaciologue", [new WeeklySlot(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0))]);
        var link = await LinkAsync("sp-a");
        var wednesday = NextSchoolDay(DayOfWeek.Wednesday);
        var query = new SearchQuery { Text = "glaciologue", AvailableFrom = wednesday, AvailableTo = wednesday };
        Assert.DoesNotContain(Search.Search(query).Hits, h => h.Speaker.Id == "sp-a");

        var page = await _client.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Bonjour Claire", html, StringComparison.Ordinal);
        Assert.Contains("value=\"09:00\"", html, StringComparison.Ordinal);

        var saved = await PostAsync("/speakers/space", html, Token(link), ("wed1s", "14:00"), ("wed1e", "16:00"), ("cap", "3"), ("formats", "classroom"), ("formats", "online"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("enregistré", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var speaker = (await Speakers.GetAsync("sp-a"))!;
        Assert.Equal(3, speaker.MonthlyCap);
        Assert.Equal(["classroom", "online"], speaker.Formats);
        Assert.Equal([new WeeklySlot(DayOfWeek.Wednesday, new TimeOnly(14, 0), new TimeOnly(16, 0))], speaker.Availability.Weekly);
        Assert.Contains(Search.Search(query).Hits, h => h.Speaker.Id == "sp-a");
        var slots = await Bookings.FreeSlotsAsync("sp-a", VisitFormat.InPerson, 3);
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Equal(DayOfWeek.Wednesday, s.Date.DayOfWeek));
    }

    [Fact]
    public async Task Space_pause_takes_her_out_of_search_for_those_days_and_the_page_says_so()
    {
        await SeedAsync("sp-p", "Inès", "volcanologue", Availability.Default.Weekly);
        var link = await LinkAsync("sp-p");
        var from = NextSchoolDay(DayOfWeek.Monday);
        var to = from.AddDays(11);
        var query = new SearchQuery { Text = "volcanologue", AvailableFrom = from, AvailableTo = to };
        Assert.Contains(Search.Search(query).Hits, h => h.Speaker.Id == "sp-p");

        var html = await _client.GetStringAsync(link);
        var saved = await PostAsync("/speakers/space", html, Token(link), [.. WeekdayMornings(), ("cap", "4"), ("formats", "classroom"), ("pauseFrom", Iso(from)), ("pauseTo", Iso(to))]);
        var body = await saved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("en pause", body, StringComparison.Ordinal);

        Assert.DoesNotContain(Search.Search(query).Hits, h => h.Speaker.Id == "sp-p");
        Assert.Contains(Search.Search(query with { AvailableFrom = to.AddDays(3), AvailableTo = to.AddDays(3) }).Hits, h => h.Speaker.Id == "sp-p");
        Assert.All(await Bookings.FreeSlotsAsync("sp-p", VisitFormat.InPerson, 3, from), s => Assert.True(s.Date > to));
    }

    [Fact]
    public async Task Space_window_ending_before_it_starts_is_refused_for_that_day_in_english_and_nothing_changes()
    {
        await SeedAsync("sp-e", "Claire", "glaciologue", Availability.Default.Weekly);
        var link = await LinkAsync("sp-e");
        using var get = new HttpRequestMessage(HttpMethod.Get, link);
        get.Headers.AcceptLanguage.ParseAdd("en-GB");
        var html = await (await _client.SendAsync(get)).Content.ReadAsStringAsync();
        Assert.Contains("My availability", html, StringComparison.Ordinal);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/speakers/space") { Content = Form(html, Token(link), ("tue1s", "16:00"), ("tue1e", "10:00"), ("cap", "x"), ("formats", "classroom")) };
        post.Headers.AcceptLanguage.ParseAdd("en-GB");
        var refused = await _client.SendAsync(post);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("data-field=\"day2\">The window ends (10:00) before it starts (16:00).", body, StringComparison.Ordinal);
        Assert.Contains("data-field=\"cap\">Give a whole number", body, StringComparison.Ordinal);
        Assert.Equal(Availability.Default.Weekly, (await Speakers.GetAsync("sp-e"))!.Availability.Weekly);
    }

    [Fact]
    public async Task Space_pause_or_removed_window_over_a_booked_visit_is_refused_naming_the_visit()
    {
        var (reference, date) = await RequestVisitAsync("sp-b");
        var link = await LinkAsync("sp-b");
        var html = await _client.GetStringAsync(link);
        Assert.Contains(reference, html, StringComparison.Ordinal);

        var paused = await PostAsync("/speakers/space", html, Token(link), [.. WeekdayMornings(), ("cap", "4"), ("formats", "classroom"), ("pauseFrom", Iso(date.AddDays(-1))), ("pauseTo", Iso(date.AddDays(1)))]);
        var pausedBody = await paused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, paused.StatusCode);
        Assert.Contains("data-field=\"pauseFrom\">Vous avez une intervention prévue pendant cette pause : " + reference, pausedBody, StringComparison.Ordinal);

        var noTuesday = WeekdayMornings().Where(f => !f.Key.StartsWith("tue", StringComparison.Ordinal)).ToArray();
        var dropped = await PostAsync("/speakers/space", pausedBody, Token(link), [.. noTuesday, ("cap", "4"), ("formats", "classroom")]);
        Assert.Equal(HttpStatusCode.BadRequest, dropped.StatusCode);
        Assert.Contains("data-field=\"day2\">Ces horaires retireraient une intervention prévue : " + reference, await dropped.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var speaker = (await Speakers.GetAsync("sp-b"))!;
        Assert.Empty(speaker.Availability.Exceptions);
        Assert.Contains(speaker.Availability.Weekly, s => s.Day == DayOfWeek.Tuesday);
    }

    [Fact]
    public async Task Space_forged_link_gives_a_clear_page_and_a_way_to_ask_for_a_new_one()
    {
        await SeedAsync("sp-f", "Claire", "glaciologue", Availability.Default.Weekly);
        var link = await LinkAsync("sp-f");
        var page = await _client.GetAsync(link[..^4] + "AAAA");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Lien non valide", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/speakers/space/new-link\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Claire", html, StringComparison.Ordinal);

        // A link for a booking answer is genuinely signed but opens no space.
        var links = _factory.Services.GetRequiredService<BookingLinks>();
        await links.ReadyAsync();
        var other = links.CreateToken("sp-f", 1, LinkAction.Accept, DateTimeOffset.UtcNow.AddDays(5));
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/speakers/space?t=" + other)).StatusCode);
    }

    [Fact]
    public async Task Space_expired_link_changes_nothing_and_asking_for_a_new_one_mails_her_and_retires_the_old()
    {
        await SeedAsync("sp-x", "Claire", "glaciologue", Availability.Default.Weekly);
        var current = await LinkAsync("sp-x");
        var html = await _client.GetStringAsync(current);
        var links = _factory.Services.GetRequiredService<BookingLinks>();
        var generation = (await links.ReadAsync(Token(current)))!.Seat;
        var expired = links.CreateToken("sp-x", generation, LinkAction.Space, DateTimeOffset.UtcNow.AddMinutes(-1));

        var page = await _client.GetAsync("/speakers/space?t=" + expired);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var expiredHtml = await page.Content.ReadAsStringAsync();
        Assert.Contains("Lien expiré", expiredHtml, StringComparison.Ordinal);

        var change = await PostAsync("/speakers/space", html, expired, ("wed1s", "14:00"), ("wed1e", "16:00"), ("cap", "1"), ("formats", "classroom"));
        Assert.Equal(HttpStatusCode.Gone, change.StatusCode);
        Assert.Equal(Speaker.DefaultMonthlyCap, (await Speakers.GetAsync("sp-x"))!.MonthlyCap);

        var asked = await PostAsync("/speakers/space/new-link", expiredHtml, expired);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var mails = await _factory.Services.GetRequiredService<IBookingStore>().ClaimDueMailsAsync(DateTimeOffset.UtcNow.AddMinutes(1), 50, TimeSpan.FromMinutes(5));
        var mail = Assert.Single(mails, m => m.To == "sp-x@speakers.example");
        var fresh = new Uri(mail.Body.Split('\n').Single(l => l.Contains("/speakers/space?t=", StringComparison.Ordinal)).Trim()).PathAndQuery;

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(fresh)).StatusCode);
        var old = await _client.GetAsync(current);
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Contains("Lien remplacé", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Space_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await SeedAsync("sp-c", "Claire", "glaciologue", Availability.Default.Weekly);
        var link = await LinkAsync("sp-c");
        await _client.GetStringAsync(link);

        var fields = new[] { ("t", Token(link)), ("cap", "1"), ("formats", "classroom") };
        var response = await _client.PostAsync("/speakers/space", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Formulaire expiré", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A page's token used from another browser (no cookie): refused too.
        var html = await _client.GetStringAsync(link);
        using var stranger = _factory.CreateRealClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.PostAsync("/speakers/space", Form(html, Token(link), ("cap", "1"), ("formats", "classroom")))).StatusCode);
        Assert.Equal(Speaker.DefaultMonthlyCap, (await Speakers.GetAsync("sp-c"))!.MonthlyCap);
    }

    [Fact]
    public async Task Space_accept_from_her_page_confirms_through_the_booking_service_and_never_touches_another_speaker()
    {
        var (mine, _) = await RequestVisitAsync("sp-m");
        var (theirs, _) = await RequestVisitAsync("sp-o");
        var link = await LinkAsync("sp-m");
        var html = await _client.GetStringAsync(link);
        Assert.Contains(mine, html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, html, StringComparison.Ordinal);
        Assert.Contains("0 classe(s) et 0 élève(s)", html, StringComparison.Ordinal);

        var foreign = await PostAsync("/speakers/space/answer", html, Token(link), ("reference", theirs), ("action", "decline"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(BookingStatus.Requested, (await Store.GetAsync(theirs))!.Status);

        var accepted = await PostAsync("/speakers/space/answer", html, Token(link), ("reference", mine), ("action", "accept"));
        var body = await accepted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("Vous avez accepté " + mine, body, StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Accepted, (await Store.GetAsync(mine))!.Status);
        Assert.Contains(await Store.ListMailsAsync(mine), m => m.To == "sophie.durand@ac-toulouse.fr" && m.Body.Contains("sp-m@speakers.example", StringComparison.Ordinal));

        var noReason = await PostAsync("/speakers/space/answer", body, Token(link), ("reference", mine), ("action", "cancel"), ("reason", " "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Donnez un motif", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Accepted, (await Store.GetAsync(mine))!.Status);

        var cancelled = await PostAsync("/speakers/space/answer", body, Token(link), ("reference", mine), ("action", "cancel"), ("reason", "Déplacement professionnel imprévu"));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var booking = (await Store.GetAsync(mine))!;
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Equal("Déplacement professionnel imprévu", booking.CancelReason);
    }

    [Fact]
    public async Task Space_pause_or_a_cap_of_zero_takes_her_out_of_the_bots_search_without_dates_at_once()
    {
        var before = await FoundInOccitanieAsync();
        await SeedAsync("sp-s", "Inès", "glaciologue", Availability.Default.Weekly);
        Assert.Equal(before + 1, await FoundInOccitanieAsync());

        var link = await LinkAsync("sp-s");
        var html = await _client.GetStringAsync(link);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var paused = await PostAsync("/speakers/space", html, Token(link), [.. WeekdayMornings(), ("cap", "4"), ("formats", "classroom"), ("pauseFrom", Iso(today)), ("pauseTo", Iso(today.AddDays(60)))]);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal(before, await FoundInOccitanieAsync());

        var resumed = await PostAsync("/speakers/space", await paused.Content.ReadAsStringAsync(), Token(link), [.. WeekdayMornings(), ("cap", "4"), ("formats", "classroom"), ("endPause", "yes")]);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(before + 1, await FoundInOccitanieAsync());

        var full = await PostAsync("/speakers/space", await resumed.Content.ReadAsStringAsync(), Token(link), [.. WeekdayMornings(), ("cap", "0"), ("formats", "classroom")]);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(before, await FoundInOccitanieAsync());
    }

    /// <summary>"J'ai trouvé N intervenantes": how many the bot finds for a request without dates, in a new conversation.</summary>
    private async Task<int> FoundInOccitanieAsync()
    {
        var text = await AskBotAsync("Une intervenante pour mes élèves en Occitanie");
        var found = FoundCount().Match(text);
        Assert.True(found.Success, text);
        return int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("J'ai trouvé (\\d+) intervenante")]
    private static partial Regex FoundCount();

    /// <summary>What the bot answers, cards included, to one message in a new conversation.</summary>
    private async Task<string> AskBotAsync(string text)
    {
        var id = Guid.NewGuid().ToString("N");
        var replies = await _factory.Services.GetRequiredService<SpeakerBot.Conversation.IConversationEngine>().HandleTurnAsync(new SpeakerBot.Conversation.TurnInput
        {
            ConversationKey = $"test/conversations/{id}",
            UserKey = $"test/users/{id}",
            Text = text,
        });
        return string.Join('\n', replies.Select(r => r.Text + " " + string.Join(" | ", r.Cards.Select(c => c.Title))));
    }

    [Fact]
    public async Task Space_time_off_and_an_extra_saturday_change_dated_search_at_once_and_a_reversed_one_keeps_what_she_typed()
    {
        await SeedAsync("sp-h", "Inès", "hydrologue", Availability.Default.Weekly);
        var link = await LinkAsync("sp-h");
        var monday = NextSchoolDay(DayOfWeek.Monday);
        var saturday = monday.AddDays(5);
        var html = await _client.GetStringAsync(link);

        var reversed = await PostAsync("/speakers/space", html, Token(link), [.. WeekdayMornings(), ("cap", "4"), ("formats", "classroom"), ("holidayFrom", Iso(monday.AddDays(2))), ("holidayTo", Iso(monday))]);
        var reversedBody = await reversed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("data-field=\"holidayTo\">Le congé finit avant de commencer.", reversedBody, StringComparison.Ordinal);
        Assert.Contains($"name=\"holidayFrom\" type=\"date\" value=\"{Iso(monday.AddDays(2))}\"", reversedBody, StringComparison.Ordinal);

        var saved = await PostAsync("/speakers/space", reversedBody, Token(link), [.. WeekdayMornings(), ("cap", "4"), ("formats", "classroom"), ("holidayFrom", Iso(monday)), ("holidayTo", Iso(monday.AddDays(2))), ("extraDate", Iso(saturday)), ("extraStart", "09:00"), ("extraEnd", "12:00")]);
        var savedBody = await saved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Absente du", savedBody, StringComparison.Ordinal);

        var query = new SearchQuery { Text = "hydrologue" };
        Assert.DoesNotContain(Search.Search(query with { AvailableFrom = monday.AddDays(1), AvailableTo = monday.AddDays(1) }).Hits, h => h.Speaker.Id == "sp-h");
        Assert.Contains(Search.Search(query with { AvailableFrom = saturday, AvailableTo = saturday }).Hits, h => h.Speaker.Id == "sp-h");
        Assert.Contains(Search.Search(query with { AvailableFrom = monday.AddDays(3), AvailableTo = monday.AddDays(3) }).Hits, h => h.Speaker.Id == "sp-h");
    }

    [Fact]
    public async Task Space_calendar_feed_is_served_from_the_address_on_her_page_and_stops_with_a_new_link()
    {
        var (reference, _) = await RequestVisitAsync("sp-i");
        var link = await LinkAsync("sp-i");
        var html = await _client.GetStringAsync(link);
        var address = Regex.Match(html, "id=\"calendar\" readonly size=\"60\" value=\"([^\"]+)\"").Groups[1].Value;
        var feedPath = new Uri(WebUtility.HtmlDecode(address)).PathAndQuery;

        var feed = await _client.GetAsync(feedPath);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var text = await feed.Content.ReadAsStringAsync();
        Assert.Contains($"UID:{reference}@speakerbot\r\n", text, StringComparison.Ordinal);
        Assert.Contains("STATUS:TENTATIVE\r\n", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/speakers/space/new-link", html, Token(link))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(feedPath)).StatusCode);
    }

    [Fact]
    public async Task Space_data_and_erasure_requests_reach_the_national_coordination_by_mail_and_erasure_needs_the_box()
    {
        await SeedAsync("sp-d", "Claire", "glaciologue", Availability.Default.Weekly);
        var link = await LinkAsync("sp-d");
        var html = await _client.GetStringAsync(link);

        var unconfirmed = await PostAsync("/speakers/space/privacy", html, Token(link), ("request", "erase"));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("data-field=\"confirmErase\">Cochez la case", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var export = await PostAsync("/speakers/space/privacy", html, Token(link), ("request", "export"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("transmise à la coordination nationale", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var erase = await PostAsync("/speakers/space/privacy", html, Token(link), ("request", "erase"), ("confirmErase", "yes"));
        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);

        var mails = (await Store.ClaimDueMailsAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100, TimeSpan.FromMinutes(5))).Where(m => m.Subject.Contains("sp-d", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Contains(mails, m => m.Body.Contains("GET /api/admin/privacy/export?speakerId=sp-d", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Body.Contains("POST /api/admin/privacy/erase", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain("sp-d@speakers.example", m.To, StringComparison.Ordinal));
    }

    private ISpeakerStore Speakers => _factory.Services.GetRequiredService<ISpeakerStore>();

    private ISpeakerSearch Search => _factory.Services.GetRequiredService<ISpeakerSearch>();

    private BookingService Bookings => _factory.Services.GetRequiredService<BookingService>();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private async Task SeedAsync(string id, string firstName, string headline, IReadOnlyList<WeeklySlot> weekly)
    {
        _ = _factory.ServerAddress;
        await Speakers.UpsertAsync([new Speaker
        {
            Id = id,
            FirstName = firstName,
            LastName = "Martin",
            Headline = headline,
            Sector = "aeronautique",
            Region = "occitanie",
            City = "Toulouse",
            Formats = ["classroom"],
            Contact = new ContactDetails($"{id}@speakers.example", null),
            Availability = new Availability(weekly, []),
        }]);
    }

    private async Task<string> LinkAsync(string speakerId) =>
        new Uri(await _factory.Services.GetRequiredService<SpeakerSpace>().RotateLinkAsync(speakerId)).PathAndQuery;

    private async Task<(string Reference, DateOnly Date)> RequestVisitAsync(string speakerId)
    {
        await SeedAsync(speakerId, "Claire", "ingénieure", Availability.Default.Weekly);
        var date = NextSchoolDay(DayOfWeek.Tuesday);
        var outcome = await Bookings.RequestVisitAsync(new VisitRequest
        {
            SpeakerId = speakerId,
            Date = date,
            Start = new TimeOnly(10, 0),
            School = new School("Collège Jean Jaurès", "Toulouse"),
            ClassLevel = "4e",
            Pupils = 28,
            Requester = new Requester("Sophie Durand", "sophie.durand@ac-toulouse.fr", "web/sophie"),
        });
        Assert.True(outcome.Succeeded, outcome.Refusal?.English);
        return (outcome.Booking!.Reference, date);
    }

    private static IEnumerable<(string Key, string Value)> WeekdayMornings() =>
        new[] { "mon", "tue", "wed", "thu", "fri" }.SelectMany(d => new[] { ($"{d}1s", "09:00"), ($"{d}1e", "12:00"), ($"{d}2s", "14:00"), ($"{d}2e", "17:00") });

    // A day three weeks ahead or later when Toulouse's schools are open (the tests run on the real date, holidays included).
    private static DateOnly NextSchoolDay(DayOfWeek day)
    {
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        while (date.DayOfWeek != day || SchoolCalendar.Default.Closure(date, "31") is not null)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Token(string pathAndQuery) => pathAndQuery[(pathAndQuery.IndexOf("?t=", StringComparison.Ordinal) + 3)..];

    private Task<HttpResponseMessage> PostAsync(string path, string page, string token, params (string Key, string Value)[] fields) =>
        _client.PostAsync(path, Form(page, token, fields));

    private static FormUrlEncodedContent Form(string page, string token, params (string Key, string Value)[] fields)
    {
        var antiforgery = AntiforgeryToken().Match(page);
        Assert.True(antiforgery.Success, "the page carries no antiforgery token");
        return new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
                .Append(new("t", token))
                .Append(new(AntiforgeryField, WebUtility.HtmlDecode(antiforgery.Groups[1].Value))));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
