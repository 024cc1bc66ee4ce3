using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Tests;

/// <summary>Her page in a real browser (Debian chromium): one browser and one host for the class.</summary>
public sealed class SpeakerSpaceBrowserTests : IAsyncLifetime
{
    private HostFactory _factory = null!;
    private HeadlessChromium? _chromium;

    public async Task InitializeAsync()
    {
        _factory = new HostFactory(new Dictionary<string, string?>
        {
            ["Bookings:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "speakerbot-space-browser-" + Guid.NewGuid().ToString("N")),
            ["Bookings:RunBackgroundServices"] = "false",
        });
        _ = _factory.ServerAddress;
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _factory.DisposeAsync();
    }

    [ChromiumFact]
    public async Task Bad_window_shows_the_field_message_and_keeps_what_she_typed()
    {
        var page = await OpenAsync("br-w");
        await page.Locator("input[name='tue1s']").FillAsync("16:00");
        await page.Locator("input[name='tue1e']").FillAsync("10:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-field='day2']")).ToHaveTextAsync("Le créneau finit (10:00) avant de commencer (16:00).", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("input[name='tue1s']")).ToHaveValueAsync("16:00");
        await Assertions.Expect(page.Locator("input[name='tue1e']")).ToHaveValueAsync("10:00");
        Assert.Contains(new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(12, 0)), (await Speakers.GetAsync("br-w"))!.Availability.Weekly);
    }

    [ChromiumFact]
    public async Task Pause_is_saved_and_shown_on_the_page()
    {
        var page = await OpenAsync("br-p");
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        await page.Locator("#pauseFrom").FillAsync(Iso(from));
        await page.Locator("#pauseTo").FillAsync(Iso(from.AddDays(6)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Assertions.Expect(page.Locator("#pause")).ToContainTextAsync("Vous êtes en pause", new() { Timeout = 10_000 });
        Assert.Empty((await Speakers.GetAsync("br-p"))!.Availability.WindowsOn(from.AddDays(1)));
    }

    [ChromiumFact]
    public async Task Accept_a_request_from_the_page()
    {
        await SeedAsync("br-a");
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        while (date.DayOfWeek != DayOfWeek.Tuesday || SchoolCalendar.Default.Closure(date, "31") is not null)
        {
            date = date.AddDays(1);
        }

        var outcome = await _factory.Services.GetRequiredService<BookingService>().RequestVisitAsync(new VisitRequest
        {
            SpeakerId = "br-a",
            Date = date,
            Start = new TimeOnly(10, 0),
            School = new School("Collège Jean Jaurès", "Toulouse"),
            ClassLevel = "4e",
            Pupils = 28,
            Requester = new Requester("Sophie Durand", "sophie.durand@ac-toulouse.fr", "web/sophie"),
        });
        Assert.True(outcome.Succeeded, outcome.Refusal?.English);
        var page = await OpenAsync("br-a", seed: false);

        var item = page.Locator($"li[data-reference='{outcome.Booking!.Reference}']");
        await item.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Vous avez accepté {outcome.Booking.Reference}", new() { Timeout = 10_000 });
        Assert.Equal(BookingStatus.Accepted, (await _factory.Services.GetRequiredService<IBookingStore>().GetAsync(outcome.Booking.Reference))!.Status);
    }

    [ChromiumFact]
    public async Task Page_has_no_accessibility_violations()
    {
        var page = await OpenAsync("br-x");
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(' ', n.Target)))})")));
    }

    private ISpeakerStore Speakers => _factory.Services.GetRequiredService<ISpeakerStore>();

    private async Task<IPage> OpenAsync(string speakerId, bool seed = true)
    {
        Assert.NotNull(_chromium);
        if (seed)
        {
            await SeedAsync(speakerId);
        }

        var url = await _factory.Services.GetRequiredService<SpeakerSpace>().RotateLinkAsync(speakerId);
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_factory.ServerAddress, new Uri(url).PathAndQuery).ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Bonjour Claire");
        return page;
    }

    private async Task SeedAsync(string id) => await Speakers.UpsertAsync([new Speaker
    {
        Id = id,
        FirstName = "Claire",
        LastName = "Martin",
        Headline = "Ingénieure",
        Sector = "aeronautique",
        Region = "occitanie",
        City = "Toulouse",
        Formats = ["classroom"],
        Contact = new ContactDetails($"{id}@speakers.example", null),
    }]);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
