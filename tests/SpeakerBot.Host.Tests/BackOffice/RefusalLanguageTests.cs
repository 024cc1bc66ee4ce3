using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Host.BackOffice;
using SpeakerBot.Host.Tests.Admin;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>
/// The editor's refusals (the import's rules and the admin service's scope) in the coordinator's language, over plain
/// HTTP through the real host; the JSON API keeps its French details.
/// </summary>
public sealed class RefusalLanguageTests : IAsyncLifetime
{
    private const string Breton = "bzh.lang@reseau.example";
    private readonly AdminHost _host = new();

    public async Task InitializeAsync()
    {
        Assert.True((await _host.Services.GetRequiredService<CoordinatorService>().AddAsync(Breton, "regional", ["bretagne"], "test")).Ok);
        await _host.AddSpeakersAsync(AdminHost.Speaker("rl-1", "bretagne"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("en-GB,en;q=0.9", "You coordinate bretagne; this belongs to the occitanie region. Ask the national coordination.", "The department “99” is not a French department code")]
    [InlineData("fr-FR,fr;q=0.9", "Vous coordonnez bretagne ; cet élément relève de la région occitanie. Demandez à la coordination nationale.", "Le département « 99 » n'est pas un code de département français")]
    public async Task An_editor_refusal_is_in_the_language_her_browser_prefers(string acceptLanguage, string outside, string department)
    {
        using var client = await BackOfficeBrowser.SignInClientAsync(_host.Factory, Breton);
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var moved = await SaveAsync(client, region: "occitanie", department: string.Empty);
        var badDepartment = await SaveAsync(client, region: "bretagne", department: "99");

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains(outside, WebUtility.HtmlDecode(await moved.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badDepartment.StatusCode);
        Assert.Contains(WebUtility.HtmlDecode(department), WebUtility.HtmlDecode(await badDepartment.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var other = acceptLanguage.StartsWith("en", StringComparison.Ordinal) ? "Vous coordonnez" : "You coordinate";
        Assert.DoesNotContain(other, WebUtility.HtmlDecode(await moved.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refusal_code_has_a_french_and_an_english_sentence()
    {
        var texts = new BackOfficeTexts(Path.Combine(RepoData.DialogsDirectory, "locales"));
        var codes = new[] { typeof(AdminCodes), typeof(ImportRuleCodes) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.True(codes.Count > 20, "the codes were not found");
        Assert.All(codes, code =>
        {
            Assert.True(texts.All("fr").ContainsKey("error." + code), $"error.{code} has no French sentence");
            Assert.True(texts.All("en").ContainsKey("error." + code), $"error.{code} has no English sentence");
        });
    }

    private static async Task<HttpResponseMessage> SaveAsync(HttpClient client, string region, string department) =>
        await BackOfficeBrowser.PostFormAsync(client, "admin/speakers/rl-1/edit", new()
        {
            ["Form.FirstName"] = "Prénomrl-1",
            ["Form.LastName"] = "Nomrl-1",
            ["Form.Headline"] = "Ingénieure",
            ["Form.Sector"] = "aeronautique",
            ["Form.Region"] = region,
            ["Form.Department"] = department,
            ["Form.Formats"] = "classroom; online",
            ["Form.Audiences"] = "college; lycee",
            ["Form.Network"] = "IndustriElles",
            ["Form.Email"] = "rl-1@speakers.example",
            ["Form.Phone"] = "06 00 00 00 00",
        });
}
