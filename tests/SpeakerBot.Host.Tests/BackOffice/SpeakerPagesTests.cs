using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.Tests.Admin;
using SpeakerBot.Search;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>
/// The speakers pages and the import/export page in Debian's chromium, signed in through the real mailed link: one host
/// and one browser for the class, each test with its own speakers.
/// </summary>
public sealed class SpeakerPagesTests : IAsyncLifetime
{
    private const string National = "nat.pages@reseau.example";
    private const string Breton = "bzh.pages@reseau.example";

    private readonly string _mailbox = Path.Combine(Path.GetTempPath(), "speakerbot-pages-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly AdminHost _host;
    private HeadlessChromium? _chromium;

    public SpeakerPagesTests() => _host = new AdminHost(new() { ["Bookings:PickupDirectory"] = _mailbox });

    public async Task InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        var coordinators = _host.Services.GetRequiredService<CoordinatorService>();
        Assert.True((await coordinators.AddAsync(National, "national", [], "test")).Ok);
        Assert.True((await coordinators.AddAsync(Breton, "regional", ["bretagne"], "test")).Ok);
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _host.DisposeAsync();
        if (Directory.Exists(_mailbox))
        {
            Directory.Delete(_mailbox, recursive: true);
        }
    }

    [ChromiumFact]
    public async Task Find_and_edit_a_speaker_a_bad_value_shows_its_message_and_keeps_what_was_typed()
    {
        await _host.AddSpeakersAsync(Speaker("pg-e1", "Zéphyrine", "bretagne", SpeakerStatus.Approved) with { Bio = "<script>window.__pwned = 1</script> Ingénieure" });
        var page = await BackOfficeBrowser.SignInAsync(_chromium!, _host.Factory, National);

        await page.GotoAsync("/admin/speakers");
        await page.Locator("#q").FillAsync("Zéphyrine");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("q=Z"));
        await Assertions.Expect(page.Locator("#speakers tbody tr")).ToHaveCountAsync(1);
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "speakers-list");

        await page.Locator("#speakers a", new() { HasText = "Zéphyrine" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bio")).ToContainTextAsync("<script>window.__pwned = 1</script>");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        await BackOfficeBrowser.AssertAccessibleAsync(page);

        await page.Locator("#edit").ClickAsync();
        await page.Locator("#sector").FillAsync("astrologie");
        await page.Locator("#monthlyCap").FillAsync("beaucoup");
        await page.Locator("#save").ClickAsync();

        await Assertions.Expect(page.Locator("#sector-error")).ToContainTextAsync("astrologie");
        await Assertions.Expect(page.Locator("#monthlyCap-error")).ToContainTextAsync("beaucoup");
        await Assertions.Expect(page.Locator("#sector")).ToHaveValueAsync("astrologie");
        await Assertions.Expect(page.Locator("#sector")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#headline-error")).ToHaveCountAsync(0);
        Assert.Equal("aeronautique", (await _host.Speakers.GetAsync("pg-e1"))!.Sector);
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "speaker-edit-errors");

        await page.Locator("#sector").FillAsync("numerique");
        await page.Locator("#monthlyCap").FillAsync("3");
        await page.Locator("#save").ClickAsync();

        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("speaker.update");
        Assert.Equal(("numerique", 3), ((await _host.Speakers.GetAsync("pg-e1"))!.Sector, (await _host.Speakers.GetAsync("pg-e1"))!.MonthlyCap));
    }

    [ChromiumFact]
    public async Task Approve_a_pending_speaker_from_the_queue_and_the_bots_search_finds_her()
    {
        await _host.AddSpeakersAsync(Speaker("pg-a1", "Aurore", "bretagne", SpeakerStatus.Pending) with { Headline = "Volcanologue" });
        var search = _host.Services.GetRequiredService<ISpeakerSearch>();
        Assert.DoesNotContain(search.Search(new SearchQuery { Text = "volcanologue" }).Hits, h => h.Speaker.Id == "pg-a1");
        var page = await BackOfficeBrowser.SignInAsync(_chromium!, _host.Factory, Breton);

        await page.GotoAsync("/admin/speakers/pending");
        var before = int.Parse(await page.Locator(".badge").GetAttributeAsync("data-pending") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(before >= 1);
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "speakers-pending");
        await page.Locator("#speakers a", new() { HasText = "Aurore" }).ClickAsync();
        await page.Locator("#approve").ClickAsync();

        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Approuvée");
        await Assertions.Expect(page.Locator(".badge")).ToHaveAttributeAsync("data-pending", (before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(search.Search(new SearchQuery { Text = "volcanologue" }).Hits, h => h.Speaker.Id == "pg-a1");
    }

    [ChromiumFact]
    public async Task Reject_with_a_reason_mails_the_reason_to_her()
    {
        await _host.AddSpeakersAsync(Speaker("pg-r1", "Rose", "bretagne", SpeakerStatus.Pending));
        var mails = BackOfficeBrowser.MailFiles(_host.Factory);
        var page = await BackOfficeBrowser.SignInAsync(_chromium!, _host.Factory, Breton);

        await page.GotoAsync("/admin/speakers/pg-r1");
        await page.Locator("#reject").ClickAsync();
        await Assertions.Expect(page.Locator("#reason-error")).ToBeVisibleAsync();
        Assert.Equal(SpeakerStatus.Pending, (await _host.Speakers.GetAsync("pg-r1"))!.Status);
        await BackOfficeBrowser.AssertAccessibleAsync(page);

        await page.Locator("#reason").FillAsync("Le métier indiqué ne correspond pas aux secteurs du réseau.");
        await page.Locator("#reject").ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Refusée");
        var mail = await BackOfficeBrowser.NewMailAsync(_host.Factory, "pg-r1@speakers.example", mails);
        Assert.Contains("Le métier indiqué ne correspond pas aux secteurs du réseau.", mail, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("speaker.reject");
    }

    [ChromiumFact]
    public async Task Import_with_errors_shows_the_line_report_then_the_fixed_file_is_applied()
    {
        var page = await BackOfficeBrowser.SignInAsync(_chromium!, _host.Factory, National);
        await page.GotoAsync("/admin/transfer");
        await BackOfficeBrowser.AssertAccessibleAsync(page);

        await page.Locator("#file").SetInputFilesAsync(Csv("annuaire.csv", """
            id,firstName,lastName,headline,sector,region
            pg-i1,Iris,Importée,Ingénieure réseaux,numerique,bretagne
            pg-i2,Inès,Importée,Chimiste,chimie,atlantide
            """));
        await page.Locator("#check").ClickAsync();

        await Assertions.Expect(page.Locator("#rejected tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#rejected tbody td").First).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#rejected")).ToContainTextAsync("atlantide");
        Assert.Null(await _host.Speakers.GetAsync("pg-i1"));
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "transfer-report");

        await page.Locator("#file").SetInputFilesAsync(Csv("annuaire.csv", """
            id,firstName,lastName,headline,sector,region
            pg-i1,Iris,Importée,Ingénieure réseaux,numerique,bretagne
            pg-i2,Inès,Importée,Chimiste,chimie,occitanie
            """));
        await page.Locator("#check").ClickAsync();
        await Assertions.Expect(page.Locator("#rejected")).ToHaveCountAsync(0);
        Assert.Null(await _host.Speakers.GetAsync("pg-i2"));
        await page.Locator("#apply").ClickAsync();

        await Assertions.Expect(page.Locator("#written")).ToContainTextAsync("2");
        Assert.Equal("occitanie", (await _host.Speakers.GetAsync("pg-i2"))!.Region);
        Assert.NotNull(await _host.Speakers.GetAsync("pg-i1"));
    }

    [ChromiumFact]
    public async Task Export_downloads_the_filtered_speakers_with_a_formula_cell_neutralised()
    {
        await _host.AddSpeakersAsync(
            Speaker("pg-x1", "Formulette", "bretagne", SpeakerStatus.Approved) with { Headline = "=cmd|' /C calc'!A0" },
            Speaker("pg-x2", "Autrenom", "bretagne", SpeakerStatus.Approved));
        var page = await BackOfficeBrowser.SignInAsync(_chromium!, _host.Factory, Breton);
        await page.GotoAsync("/admin/speakers?q=Formulette");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-link").ClickAsync());

        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path, Encoding.UTF8);
        Assert.Contains("pg-x1", csv, StringComparison.Ordinal);
        Assert.Contains("'=cmd", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-x2", csv, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_regional_coordinator_forging_an_id_of_another_region_gets_403_audited_and_nothing_changes()
    {
        await _host.AddSpeakersAsync(
            Speaker("pg-own", "Maëlle", "bretagne", SpeakerStatus.Pending),
            Speaker("pg-occ", "Occitane", "occitanie", SpeakerStatus.Pending));
        var page = await BackOfficeBrowser.SignInAsync(_chromium!, _host.Factory, Breton);

        var viewed = await page.GotoAsync("/admin/speakers/pg-occ");
        Assert.Equal(403, viewed!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Accès refusé");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Occitane");
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "speaker-forbidden");

        // Her own speaker's form carries a valid antiforgery token; the id in its action is forged to another region's.
        await page.GotoAsync("/admin/speakers/pg-own");
        await page.EvaluateAsync("() => { const f = document.querySelector('#approve').form; f.action = f.action.replace('pg-own', 'pg-occ'); }");
        var posted = await page.RunAndWaitForResponseAsync(() => page.Locator("#approve").ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(403, posted.Status);
        Assert.Equal(SpeakerStatus.Pending, (await _host.Speakers.GetAsync("pg-occ"))!.Status);
        var audit = await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("speaker:pg-occ");
        Assert.Contains(audit, e => e.Action == "access.refused" && e.Actor.Contains(Breton, StringComparison.Ordinal) && e.AfterJson!.Contains("speaker.approve", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Action == "speaker.approve");
    }

    private static Speaker Speaker(string id, string firstName, string region, SpeakerStatus status) =>
        AdminHost.Speaker(id, region, status: status) with { FirstName = firstName };

    private static FilePayload Csv(string name, string text) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };
}
