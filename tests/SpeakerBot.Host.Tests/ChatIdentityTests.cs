using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.Tests.Admin;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// Whoever asks for a chat token names another teacher or a coordinator in every way the page and Direct Line allow;
/// the real host (engine, store, coordinator links) must still treat her as a new user.
/// </summary>
[Trait("Category", "Security")]
public sealed class ChatIdentityTests : IAsyncLifetime
{
    private const string Secret = "portal-to-bot-secret";
    private readonly AdminHost _host = new(new() { ["DirectLine:Secret"] = Secret });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Another_visitor_naming_a_teachers_user_id_neither_sees_nor_cancels_her_request()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("a-occ", "occitanie"));
        using var http = _host.Client();
        var sophie = await ChatTab.OpenAsync(http);
        var booking = await _host.AddBookingAsync("a-occ", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14), requesterUserKey: "directline/users/" + sophie.UserId);
        Assert.Contains(booking.Reference, await sophie.SayAsync("où en sont mes demandes"), StringComparison.Ordinal);

        var intruder = await ChatTab.OpenAsync(http, body: $$$"""{"user":{"id":"{{{sophie.UserId}}}"}}""");
        var status = await intruder.SayAsync("où en sont mes demandes", fromId: sophie.UserId);
        var cancel = await intruder.SayAsync("annuler " + booking.Reference, fromId: sophie.UserId);

        Assert.NotEqual(sophie.UserId, intruder.UserId);
        Assert.DoesNotContain(booking.Reference, status, StringComparison.Ordinal);
        Assert.Contains("code à 6 chiffres", cancel, StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Requested, (await _host.Bookings.GetAsync(booking.Reference))!.Status);
    }

    [Fact]
    public async Task A_portal_holding_the_secret_names_its_teacher_and_she_sees_her_request()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("a-occ", "occitanie"));
        var booking = await _host.AddBookingAsync("a-occ", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14), requesterUserKey: "directline/users/portal-teacher-7");
        using var http = _host.Client();

        var portal = await ChatTab.OpenAsync(http, "v3/directline/tokens/generate", """{"user":{"id":"portal-teacher-7"}}""", Secret);
        var page = await ChatTab.OpenAsync(http, body: """{"user":{"id":"portal-teacher-7"}}""");

        Assert.Equal("portal-teacher-7", portal.UserId);
        Assert.Contains(booking.Reference, await portal.SayAsync("où en sont mes demandes"), StringComparison.Ordinal);
        Assert.DoesNotContain(booking.Reference, await page.SayAsync("où en sont mes demandes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_link_stays_with_her_tab_after_a_reload_and_not_with_someone_naming_her()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("p-occ", "occitanie", status: SpeakerStatus.Pending));
        var coordinatorToken = await _host.TokenAsync("occitanie@network.example", CoordinatorRole.Regional, "occitanie");
        using var http = _host.Client();
        var claire = await ChatTab.OpenAsync(http);
        await claire.SayAsync("Voici mon jeton : " + coordinatorToken);

        var reloaded = await ChatTab.OpenAsync(http, previousToken: claire.Token);
        var intruder = await ChatTab.OpenAsync(http, body: $$$"""{"user":{"id":"{{{claire.UserId}}}"}}""");
        var hers = await reloaded.SayAsync("profils en attente");
        var theirs = await intruder.SayAsync("profils en attente", fromId: claire.UserId);

        Assert.Contains("Prénomp-occ Nomp-occ", hers, StringComparison.Ordinal);
        Assert.Contains("Approuver", hers, StringComparison.Ordinal);
        Assert.DoesNotContain("Prénomp-occ", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("Approuver", theirs, StringComparison.Ordinal);
        Assert.Contains("réservée aux coordinatrices", theirs, StringComparison.Ordinal);
    }

    /// <summary>One browser tab's Direct Line conversation, spoken over HTTP as Web Chat does (polling).</summary>
    private sealed class ChatTab
    {
        private readonly HttpClient _http;
        private string _watermark = string.Empty;

        private ChatTab(HttpClient http, string token, string conversationId)
        {
            _http = http;
            Token = token;
            ConversationId = conversationId;
        }

        public string Token { get; }

        public string ConversationId { get; }

        public string UserId => JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(Token.Split('.')[1])).RootElement.GetProperty("user").GetString()!;

        public static async Task<ChatTab> OpenAsync(HttpClient http, string path = "api/directline/token", string? body = null, string? previousToken = null)
        {
            using var mint = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body ?? """{"locale":"fr-FR"}""", Encoding.UTF8, "application/json") };
            if (previousToken is not null)
            {
                mint.Headers.Authorization = new AuthenticationHeaderValue("Bearer", previousToken);
            }

            using var minted = await http.SendAsync(mint);
            minted.EnsureSuccessStatusCode();
            var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            using var start = Request(HttpMethod.Post, "v3/directline/conversations", token, """{"locale":"fr-FR"}""");
            using var started = await http.SendAsync(start);
            started.EnsureSuccessStatusCode();
            var conversation = await started.Content.ReadFromJsonAsync<JsonElement>();
            var tab = new ChatTab(http, conversation.GetProperty("token").GetString()!, conversation.GetProperty("conversationId").GetString()!);
            await tab.CollectAsync(a => a.Any(x => x.GetProperty("from").GetProperty("role").GetString() == "bot"));
            return tab;
        }

        /// <summary>Posts a message (optionally claiming another from.id, as a forger would) and returns the bot's answer as raw JSON.</summary>
        public async Task<string> SayAsync(string text, string? fromId = null)
        {
            var activity = JsonSerializer.Serialize(new { type = "message", text, locale = "fr-FR", from = new { id = fromId ?? UserId, name = "Prof" } });
            using var post = Request(HttpMethod.Post, $"v3/directline/conversations/{ConversationId}/activities", Token, activity);
            using var posted = await _http.SendAsync(post);
            posted.EnsureSuccessStatusCode();
            var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var replies = await CollectAsync(a => a.Any(x => x.TryGetProperty("replyToId", out var to) && to.GetString() == id));
            return string.Join("\n", replies.Where(a => a.GetProperty("from").GetProperty("role").GetString() == "bot").Select(a => a.GetRawText()));
        }

        private async Task<List<JsonElement>> CollectAsync(Func<List<JsonElement>, bool> done)
        {
            var all = new List<JsonElement>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!done(all))
            {
                Assert.True(DateTime.UtcNow < deadline, "the bot did not answer within 30 s");
                using var get = Request(HttpMethod.Get, $"v3/directline/conversations/{ConversationId}/activities?watermark={_watermark}", Token, null);
                using var response = await _http.SendAsync(get);
                response.EnsureSuccessStatusCode();
                var set = await response.Content.ReadFromJsonAsync<JsonElement>();
                all.AddRange(set.GetProperty("activities").EnumerateArray().Select(a => a.Clone()));
                _watermark = set.GetProperty("watermark").GetString() ?? _watermark;
            }

            return all;
        }

        private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json)
        {
            var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
    }
}
