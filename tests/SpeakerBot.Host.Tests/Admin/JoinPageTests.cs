using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Host.Tests.Admin;

[Trait("Category", "Security")]
public sealed partial class JoinPageTests : IAsyncLifetime
{
    private readonly string _mailbox = Path.Combine(Path.GetTempPath(), "speakerbot-join-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly AdminHost _host;
    private HttpClient _client = null!;

    public JoinPageTests() => _host = new AdminHost(new() { ["Bookings:PickupDirectory"] = _mailbox });

    public Task InitializeAsync()
    {
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Address, Timeout = TimeSpan.FromSeconds(30) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        if (Directory.Exists(_mailbox))
        {
            Directory.Delete(_mailbox, recursive: true);
        }
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
    public async Task Post_valid_profile_creates_no_speaker_until_the_link_mailed_to_her_is_confirmed()
    {
        var response = await PostAsync(Valid());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/join/thanks?lang=fr", response.Headers.Location?.OriginalString);
        var thanks = await _client.GetStringAsync(response.Headers.Location);
        Assert.Contains("Consultez votre messagerie", thanks, StringComparison.Ordinal);
        Assert.Null(await FindAsync("Ombeline"));
        Assert.Equal(0, await PendingCountAsync("Ombeline"));

        var mail = Assert.Single(await MailboxAsync("ombeline.test@example.org"));
        Assert.Contains("Bonjour Ombeline,", mail.Body, StringComparison.Ordinal);
        Assert.Contains("72 heures", mail.Body, StringComparison.Ordinal);
        var link = ConfirmLink(mail.Body);
        Assert.StartsWith("http://localhost:3978/join/confirm?", link, StringComparison.Ordinal);

        // Opening the link (as a mail scanner does) only shows what it would do.
        var page = await _client.GetAsync(Local(link));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Je confirme</button>", html, StringComparison.Ordinal);
        Assert.Contains("Ombeline Testeuse", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ombeline.test@example.org", html, StringComparison.Ordinal);
        Assert.Null(await FindAsync("Ombeline"));

        var confirmed = await ConfirmAsync(link);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Votre adresse est confirmée", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await PendingCountAsync("Ombeline"));
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

        // Approved by a coordinator, she is searchable at once.
        using var coordinator = _host.Client(await CoordinatorTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync(new Uri($"api/admin/speakers/{speaker.Id}/approve", UriKind.Relative), null)).StatusCode);
        Assert.Contains(search.Search(hers).Hits, h => h.Speaker.Id == speaker.Id);
    }

    [Fact]
    public async Task Confirm_link_used_again_says_already_confirmed_and_creates_no_second_speaker()
    {
        await PostAsync(Valid());
        var link = ConfirmLink(Assert.Single(await MailboxAsync("ombeline.test@example.org")).Body);

        var first = await ConfirmAsync(link);
        var replay = await ConfirmAsync(link);
        var reopened = await _client.GetAsync(Local(link));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("déjà confirmée", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Je confirme</button>", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await PendingCountAsync("Ombeline"));
    }

    [Fact]
    public async Task Confirm_links_clicked_at_once_create_one_speaker()
    {
        await PostAsync(Valid());
        var link = ConfirmLink(Assert.Single(await MailboxAsync("ombeline.test@example.org")).Body);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ConfirmAsync(link)));

        Assert.Single(statuses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await PendingCountAsync("Ombeline"));
    }

    [Fact]
    public async Task Confirm_with_a_tampered_link_says_it_is_invalid_and_creates_no_speaker()
    {
        await PostAsync(Valid());
        var link = ConfirmLink(Assert.Single(await MailboxAsync("ombeline.test@example.org")).Body);
        var token = Token(link);
        var payload = Encoding.UTF8.GetString(FromBase64Url(token[..token.IndexOf('.', StringComparison.Ordinal)]));
        var forgedPayload = Base64Url(Encoding.UTF8.GetBytes(payload[..^1] + (payload[^1] == '0' ? "1" : "0")));
        var forged = forgedPayload + token[token.IndexOf('.', StringComparison.Ordinal)..];
        var cut = token[..^4];

        foreach (var bad in new[] { forged, cut, "not-a-token" })
        {
            using var content = new FormUrlEncodedContent([new("t", bad), new("lang", "fr")]);
            var response = await _client.PostAsync(new Uri("join/confirm", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Ce lien n&#39;est pas valide", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await PendingCountAsync("Ombeline"));

        // The genuine link still works: a forged one consumed nothing.
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(link)).StatusCode);
        Assert.Equal(1, await PendingCountAsync("Ombeline"));
    }

    [Fact]
    public async Task Confirm_with_an_expired_link_says_so_in_english_and_creates_no_speaker()
    {
        var form = Valid();
        form["lang"] = "en";
        await PostAsync(form);
        var mail = Assert.Single(await MailboxAsync("ombeline.test@example.org"));
        Assert.Contains("Hello Ombeline,", mail.Body, StringComparison.Ordinal);
        Assert.Contains("valid for 72 hours", mail.Body, StringComparison.Ordinal);
        var link = ConfirmLink(mail.Body);
        var id = Encoding.UTF8.GetString(FromBase64Url(Token(link).Split('.')[0])).Split('|')[1];

        // The same proposal, signed with the host's key, but 73 hours later.
        var links = _host.Services.GetRequiredService<BookingLinks>();
        await links.ReadyAsync();
        var expired = links.CreateToken(id, 0, LinkAction.Join, DateTimeOffset.UtcNow.AddHours(-1));
        var page = await _client.GetAsync(new Uri($"join/confirm?lang=en&t={expired}", UriKind.Relative));
        using var content = new FormUrlEncodedContent([new("t", expired), new("lang", "en")]);
        var post = await _client.PostAsync(new Uri("join/confirm", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Contains("This link has expired", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await PendingCountAsync("Ombeline"));
    }

    [Fact]
    public async Task Unconfirmed_proposal_is_removed_by_the_retention_job_and_its_link_then_creates_nothing()
    {
        await PostAsync(Valid());
        var link = ConfirmLink(Assert.Single(await MailboxAsync("ombeline.test@example.org")).Body);
        Assert.Contains(DatabaseText.All(_host.Database), t => t.StartsWith("state: ", StringComparison.Ordinal) && t.Contains("06 12 34 56 78", StringComparison.Ordinal));

        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(8));
        var privacy = ActivatorUtilities.CreateInstance<PrivacyService>(_host.Services, (TimeProvider)clock);
        var report = await privacy.ApplyRetentionAsync();

        Assert.True(report.StateDocumentsDeleted >= 1);
        Assert.DoesNotContain(DatabaseText.All(_host.Database), t => t.Contains("06 12 34 56 78", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Gone, (await ConfirmAsync(link)).StatusCode);
        Assert.Null(await FindAsync("Ombeline"));
    }

    [Fact]
    public async Task Proposal_and_confirmation_write_her_e_mail_phone_and_name_in_no_log()
    {
        var logs = new LogCapture();
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);

        await PostAsync(Valid());
        var link = ConfirmLink(Assert.Single(await MailboxAsync("ombeline.test@example.org")).Body);
        await _client.GetAsync(Local(link));
        await ConfirmAsync(link);
        await ConfirmAsync(link);

        Assert.Contains(logs.Lines, l => l.Contains("pending speaker", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("ombeline.test", StringComparison.OrdinalIgnoreCase) || l.Contains("06 12 34 56 78", StringComparison.Ordinal) || l.Contains("Testeuse", StringComparison.Ordinal));
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

    private async Task<HttpResponseMessage> ConfirmAsync(string link)
    {
        using var content = new FormUrlEncodedContent([new("t", Token(link)), new("lang", "fr")]);
        return await _client.PostAsync(new Uri("join/confirm", UriKind.Relative), content);
    }

    private async Task<string> CoordinatorTokenAsync() =>
        await _host.TokenAsync("occ@reseau.example", SpeakerBot.Domain.Coordinators.CoordinatorRole.Regional, "occitanie");

    /// <summary>How many times she appears in the coordinators' pending list, through the admin API.</summary>
    private async Task<int> PendingCountAsync(string firstName)
    {
        using var coordinator = _host.Client(await CoordinatorTokenAsync());
        var response = await coordinator.GetAsync(new Uri("api/admin/speakers?status=pending&take=1000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await AdminHost.JsonAsync(response);
        return json.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("firstName").GetString() == firstName);
    }

    /// <summary>Delivers the outbox to the pickup folder and reads it as her mail client would: decoded plain-text bodies sent to her.</summary>
    private async Task<IReadOnlyList<(string Subject, string Body)>> MailboxAsync(string address)
    {
        await _host.Services.GetRequiredService<OutboxSender>().SendDueAsync();
        var mails = new List<(string, string)>();
        foreach (var file in Directory.Exists(_mailbox) ? Directory.GetFiles(_mailbox, "*.eml") : [])
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                mails.Add(("Subject: " + message.Subject, message.TextBody ?? string.Empty));
            }
        }

        return mails;
    }

    private static string ConfirmLink(string body) => ConfirmLinkPattern().Match(body) is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException("no confirmation link in: " + body);

    private static string Token(string link) => Uri.UnescapeDataString(link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..]);

    private static Uri Local(string link) => new(new Uri(link).PathAndQuery.TrimStart('/'), UriKind.Relative);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    [GeneratedRegex(@"https?://\S+/join/confirm\?\S+")]
    private static partial Regex ConfirmLinkPattern();

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

    /// <summary>Every log line the host writes from now on, with its structured values, to prove what is not in them.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                owner._lines.Enqueue($"{category} {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
