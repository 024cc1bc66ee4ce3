using Microsoft.Playwright;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>The /admin dashboard in headless chromium on a dataset built here; the screenshot is kept in artifacts/.</summary>
public sealed class DashboardScreenshotTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();
    private HeadlessChromium? _chromium;

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    [ChromiumFact]
    public async Task Dashboard_in_chromium_shows_the_figures_of_the_test_dataset_and_is_screenshotted()
    {
        Assert.NotNull(_chromium);

        // Mayotte: no seeded bookings, so every figure below comes from this dataset.
        await _host.AddSpeakersAsync(
            AdminHost.Speaker("s-1", "mayotte", "sante", network: "Réseau A"),
            AdminHost.Speaker("s-2", "mayotte", "energie", network: "Réseau B"));
        var march = new DateOnly(2025, 3, 11);
        await _host.AddBookingAsync("s-1", march, BookingStatus.FeedbackReceived, new BookingFeedback(25, 12, 5, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("s-1", march.AddDays(7), BookingStatus.FeedbackReceived, new BookingFeedback(30, 14, 4, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("s-2", march.AddDays(1), BookingStatus.Held);
        await _host.TokenAsync("may@reseau.example", CoordinatorRole.Regional, "mayotte");

        var page = await BackOffice.BackOfficeBrowser.SignInAsync(_chromium, _host.Factory, "may@reseau.example");
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync("/admin/report");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tableau de bord");
        await Assertions.Expect(page.Locator("svg.chart")).ToBeVisibleAsync();
        var held = page.Locator("svg.chart rect.held");
        await Assertions.Expect(held).ToHaveCountAsync(1);
        Assert.True((await held.BoundingBoxAsync())!.Height > 0, "the March bar has no height");
        var chart = (await page.Locator("svg.chart").BoundingBoxAsync())!;
        var legend = (await page.Locator("svg.chart text.legend").BoundingBoxAsync())!;
        Assert.True(legend.X + legend.Width <= chart.X + chart.Width, $"the legend is cut: it ends at {legend.X + legend.Width}, the chart at {chart.X + chart.Width}");
        await Assertions.Expect(page.Locator("svg.chart text.axis").Last).ToHaveTextAsync("40");
        var region = page.Locator("table[data-table=regions] tbody tr", new() { HasText = "mayotte" });
        await Assertions.Expect(region).ToBeVisibleAsync();
        Assert.Equal(["mayotte", "3", "55", "26"], (await region.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()));
        var sante = page.Locator("table[data-table=sectors] tbody tr", new() { HasText = "sante" });
        Assert.Equal(["sante", "2", "55", "26"], (await sante.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()));
        await Assertions.Expect(page.Locator(".kpi").First).ToContainTextAsync("3 demandes");

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, "admin-dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = png, FullPage = true });
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is suspiciously small");
        Assert.Empty(errors);
    }
}
