using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Host.Tests.Admin;

public sealed class JoinPageTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Address, Timeout = TimeSpan.FromSeconds(30) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Get_is_french_by_default_and_english_when_the_browser_prefers_english()
    {
        var french = await _client.GetStringAsync(new Uri("join", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("join", UriKind.Relative));
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,fr;q=0.5");
        var english = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains("Devenir intervenante", french, StringComparison.Ordinal);
        Assert.Contains("notice de confidentialité", french, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Become a role model speaker", english, StringComparison.Ordinal);
        Assert.Contains("privacy notice", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_valid_profile_creates_a_pending_speaker_that_search_does_not_return()
    {
        var response = await PostAsync(Valid());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/join/thanks?lang=fr", response.Headers.Location?.OriginalString);
        var speaker = await FindAsync("Ombeline");
        Assert.NotNull(speaker);
        Assert.Equal((SpeakerStatus.Pending, "occitanie", "aeronautique", "ombeline.test@example.org"), (speaker.Status, speaker.Region, speaker.Sector, speaker.Contact?.Email));
        Assert.Equal(["drones", "reconversion"], speaker.Topics);
        var search = _host.Services.GetRequiredService<ISpeakerSearch>();
        var hers = new SearchQuery { Sectors = ["aeronautique"], Region = "occitanie", Take = 1000 };
        var before = search.Search(hers);
        Assert.True(before.Total <= 1000, "the query must return every match for the check to mean anything");
        Assert.DoesNotContain(before.Hits, h => h.Speaker.Id == speaker.Id);
        var audit = await _host.Services.GetRequiredService<SpeakerBot.Domain.Coordinators.ICoordinatorStore>().ReadAuditAsync("speaker:" + speaker.Id);
        Assert.Contains(audit, e => e.Action == "privacy.consent" && e.Actor == "public:join");
        var thanks = await _client.GetStringAsync(response.Headers.Location);
        Assert.Contains("Merci", thanks, StringComparison.Ordinal);

        // Approved by a coordinator, she is searchable at once.
        var token = await _host.TokenAsync("occ@reseau.example", SpeakerBot.Domain.Coordinators.CoordinatorRole.Regional, "occitanie");
        using var coordinator = _host.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync(new Uri($"api/admin/speakers/{speaker.Id}/approve", UriKind.Relative), null)).StatusCode);
        Assert.Contains(search.Search(hers).Hits, h => h.Speaker.Id == speaker.Id);
    }

    [Fact]
    public async Task Post_with_errors_shows_a_message_per_field_and_keeps_what_she_typed()
    {
        var form = Valid();
        form["email"] = "ombeline.example.org";
        form["sector"] = string.Empty;
        form.Remove("consent");
        form["bio"] = "J'aime les <drones> & les fusées";

        var response = await PostAsync(form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"email-error\">Cette adresse e-mail ne semble pas valide", html, StringComparison.Ordinal);
        Assert.Contains("id=\"sector-error\">Indiquez votre secteur.", html, StringComparison.Ordinal);
        Assert.Contains("id=\"consent-error\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"firstName-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Ombeline\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"ombeline.example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"occitanie\" selected>", html, StringComparison.Ordinal);
        Assert.Contains("J&#39;aime les &lt;drones&gt; &amp; les fusées</textarea>", html, StringComparison.Ordinal);
        Assert.Null(await FindAsync("Ombeline"));
    }

    [Fact]
    public async Task Post_in_english_answers_in_english()
    {
        var form = Valid();
        form["lang"] = "en";
        form["phone"] = "12";

        var html = await (await PostAsync(form)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"phone-error\">A phone number has 9 to 15 digits", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_with_the_honeypot_filled_looks_accepted_but_stores_nothing()
    {
        var form = Valid();
        form["website"] = "http://spam.example";

        var response = await PostAsync(form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await FindAsync("Ombeline"));
    }

    [Fact]
    public async Task Post_larger_than_the_limit_is_refused_with_413()
    {
        var form = Valid();
        form["bio"] = new string('a', 40_000);

        var response = await PostAsync(form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(await FindAsync("Ombeline"));
    }

    [Fact]
    public async Task Field_longer_than_its_limit_is_reported_with_its_length()
    {
        var form = Valid();
        form["headline"] = new string('x', 130);

        var html = await (await PostAsync(form)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"headline-error\">120 caractères au plus (vous en avez saisi 130).", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_many_proposals_from_one_address_is_refused_with_429_after_the_burst()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var form = Valid();
            form["firstName"] = "Rafale" + (char)('a' + i);
            form["email"] = $"rafale{i}@example.org";
            statuses.Add((await PostAsync(form)).StatusCode);
        }

        var refused = await PostAsync(Valid());
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Redirect, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Trop de propositions depuis votre connexion", html, StringComparison.Ordinal);
        Assert.Contains("Ombeline", html, StringComparison.Ordinal);
        Assert.Null(await FindAsync("Rafalef"));
    }

    private static Dictionary<string, string> Valid() => new()
    {
        ["lang"] = "fr",
        ["firstName"] = "Ombeline",
        ["lastName"] = "Testeuse",
        ["headline"] = "Ingénieure drones",
        ["employer"] = "Aéro Sud",
        ["sector"] = "aeronautique",
        ["region"] = "occitanie",
        ["city"] = "Toulouse",
        ["topics"] = "drones, reconversion",
        ["bio"] = "Vingt ans dans les essais en vol.",
        ["email"] = "ombeline.test@example.org",
        ["phone"] = "06 12 34 56 78",
        ["consent"] = "yes",
    };

    private async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> form)
    {
        var pairs = form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).Append(new("audiences", "college")).Append(new("formats", "classroom"));
        using var content = new FormUrlEncodedContent(pairs);
        return await _client.PostAsync(new Uri("join", UriKind.Relative), content);
    }

    private async Task<Speaker?> FindAsync(string firstName)
    {
        await foreach (var speaker in _host.Speakers.ReadAllAsync())
        {
            if (speaker.FirstName == firstName)
            {
                return speaker;
            }
        }

        return null;
    }
}
