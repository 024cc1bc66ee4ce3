using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.Tests.Admin;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>One host and one chromium for the class: Mayotte speakers in "energie" (no seeded speaker there), a Corse one.</summary>
public sealed class RequestsPagesFixture : IAsyncLifetime
{
    public const string Mayotte = "may@reseau.example";

    public AdminHost Host { get; } = new();

    internal HeadlessChromium? Chromium { get; private set; }

    public async Task InitializeAsync()
    {
        Chromium = await HeadlessChromium.LaunchAsync();
        await Host.AddSpeakersAsync(
            AdminHost.Speaker("rq-1", "mayotte", "energie"),
            AdminHost.Speaker("rq-2", "mayotte", "energie"),
            AdminHost.Speaker("rq-3", "mayotte", "energie"),
            AdminHost.Speaker("rq-4", "mayotte", "energie"),
            AdminHost.Speaker("rq-corse", "corse", "energie"));
        await Host.TokenAsync(Mayotte, CoordinatorRole.Regional, "mayotte");
        var march = new DateOnly(2025, 3, 11);
        await Host.AddBookingAsync("rq-4", march, BookingStatus.FeedbackReceived, new BookingFeedback(25, 12, 5, DateTimeOffset.UtcNow));
        await Host.AddBookingAsync("rq-4", march.AddDays(7), BookingStatus.FeedbackReceived, new BookingFeedback(30, 14, 4, DateTimeOffset.UtcNow));
        await Host.AddBookingAsync("rq-3", march.AddMonths(1), BookingStatus.Held);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        await Host.DisposeAsync();
    }
}

/// <summary>/admin/requests and /admin/impact in headless chromium, signed in through the real e-mailed link.</summary>
public sealed class RequestsAndImpactPagesTests(RequestsPagesFixture fixture) : IClassFixture<RequestsPagesFixture>
{
    private AdminHost Host => fixture.Host;

    [ChromiumFact]
    public async Task Reassigning_a_waiting_request_to_a_suggested_speaker_invites_her_and_tells_the_one_replaced()
    {
        var date = Weekday(30);
        var waiting = await BackdateAsync(await Host.AddBookingAsync("rq-1", date), days: 10);
        await Host.AddBookingAsync("rq-2", date, BookingStatus.Accepted);
        var page = await BackOfficeBrowser.SignInAsync(fixture.Chromium!, Host.Factory, RequestsPagesFixture.Mayotte);

        await page.GotoAsync("/admin/requests");
        var row = page.Locator($"table[data-table=waiting] tr[data-reference='{waiting.Reference}']");
        await Assertions.Expect(row).ToContainTextAsync("10");
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "admin-requests");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(waiting.Reference);
        Assert.Equal(0, await page.Locator("input[name=SpeakerId][value=rq-2]").CountAsync());
        await page.Locator("input[name=SpeakerId][value=rq-3]").CheckAsync();
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inviter l'intervenante choisie" }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("confiée à une autre intervenante");
        var stored = (await Host.Bookings.GetAsync(waiting.Reference))!;
        Assert.Equal(("rq-3", SeatStatus.Invited), (stored.Seats[0].SpeakerId, stored.Seats[0].Status));
        var mails = await Host.Bookings.ListMailsAsync(waiting.Reference);
        Assert.Contains(mails, m => m.To == "rq-3@speakers.example" && m.Key.Contains("/invite", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "rq-1@speakers.example" && m.Subject.Contains("vous n'êtes plus attendue", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task Cancelling_without_a_reason_says_so_at_the_field_then_with_a_reason_cancels_and_mails_it()
    {
        var visit = await Host.AddBookingAsync("rq-4", Weekday(35), BookingStatus.Accepted, requesterEmail: "prof-cancel@ac-mayotte.fr");
        var page = await BackOfficeBrowser.SignInAsync(fixture.Chromium!, Host.Factory, RequestsPagesFixture.Mayotte);

        await page.GotoAsync($"/admin/requests/{visit.Reference}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler la demande" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reason-error")).ToContainTextAsync("Indiquez le motif");
        await Assertions.Expect(page.Locator("#reason")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(BookingStatus.Accepted, (await Host.Bookings.GetAsync(visit.Reference))!.Status);
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await page.Locator("#reason").FillAsync("Collège fermé pour travaux");
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler la demande" }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("annulée");
        var stored = (await Host.Bookings.GetAsync(visit.Reference))!;
        Assert.Equal((BookingStatus.Cancelled, "Collège fermé pour travaux"), (stored.Status, stored.CancelReason));
        var told = Assert.Single(await Host.Bookings.ListMailsAsync(visit.Reference), m => m.To == "prof-cancel@ac-mayotte.fr" && m.Key.Contains("/cancelled/", StringComparison.Ordinal));
        Assert.Contains("Collège fermé pour travaux", told.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_of_another_region_is_refused_403_audited_and_a_forged_cancel_changes_nothing()
    {
        var own = await Host.AddBookingAsync("rq-4", Weekday(40), BookingStatus.Accepted);
        var other = await Host.AddBookingAsync("rq-corse", Weekday(40), BookingStatus.Accepted);
        using var client = await BackOfficeBrowser.SignInClientAsync(Host.Factory, RequestsPagesFixture.Mayotte);

        var view = await client.GetAsync(new Uri($"admin/requests/{other.Reference}", UriKind.Relative));
        var forged = await BackOfficeBrowser.PostFormAsync(client, $"admin/requests/{own.Reference}", new() { ["Reason"] = "forgée" }, $"admin/requests/{other.Reference}?handler=Cancel");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (view.StatusCode, forged.StatusCode));
        Assert.Contains("Accès refusé", WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Accepted, (await Host.Bookings.GetAsync(other.Reference))!.Status);
        var audit = await Host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("booking:" + other.Reference);
        Assert.Contains(audit, e => e.Action == "access.refused" && e.AfterJson!.Contains("booking.cancel", StringComparison.Ordinal) && e.Actor.Contains(RequestsPagesFixture.Mayotte, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Action == "booking.cancel");
    }

    [ChromiumFact]
    public async Task Impact_page_draws_the_chart_with_legend_and_axis_labels_and_each_table_downloads_as_csv()
    {
        var page = await BackOfficeBrowser.SignInAsync(fixture.Chromium!, Host.Factory, RequestsPagesFixture.Mayotte);

        await page.GotoAsync("/admin/impact");
        var chart = page.Locator("svg.chart");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator("title")).ToHaveTextAsync("Interventions tenues et prévues par mois, comparées à l'objectif");
        await Assertions.Expect(chart.Locator("g.legend")).ToContainTextAsync("Tenues");
        await Assertions.Expect(chart.Locator("g.legend")).ToContainTextAsync("Prévues");
        await Assertions.Expect(chart.Locator("g.legend")).ToContainTextAsync("Objectif (40 par mois)");
        Assert.Equal(["Mois", "Interventions"], await chart.Locator("text.axis-title").AllTextContentsAsync());
        // Other tests of the class add upcoming visits (later months): the held ones come first.
        Assert.Equal(["2025-03", "2025-04"], (await chart.Locator("text.month").AllTextContentsAsync()).Take(2));
        var march = chart.Locator("rect.bar.held").First;
        Assert.True((await march.BoundingBoxAsync())!.Height > 0, "the March bar has no height");
        Assert.Contains("2", await chart.Locator("text.value").AllTextContentsAsync());
        var box = (await chart.BoundingBoxAsync())!;
        var legend = (await chart.Locator("g.legend").BoundingBoxAsync())!;
        Assert.True(legend.X + legend.Width <= box.X + box.Width, $"the legend is cut: it ends at {legend.X + legend.Width}, the chart at {box.X + box.Width}");
        var region = page.Locator("table[data-table=regions] tbody tr", new() { HasText = "mayotte" });
        Assert.Equal(["3", "3", "55", "26"], (await region.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()));
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "admin-impact");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger « Portée par région » en CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal("speakerbot-regions.csv", download.SuggestedFilename);
        Assert.Equal("region,visits,pupils,girls,classes\nmayotte,3,55,26,3\n", csv.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private async Task<Booking> BackdateAsync(Booking booking, int days)
    {
        var at = DateTimeOffset.UtcNow.AddDays(-days).AddHours(-1);
        return (await Host.Bookings.UpdateAsync(booking.Reference, (current, _) => new BookingChange { Updated = current with { CreatedAt = at } })).Booking!;
    }

    /// <summary>A Monday, Tuesday or Thursday about <paramref name="days"/> ahead (open in the default availability).</summary>
    private static DateOnly Weekday(int days)
    {
        var date = FrenchTime.Today(TimeProvider.System).AddDays(days);
        while (date.DayOfWeek is not (DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Thursday))
        {
            date = date.AddDays(1);
        }

        return date;
    }
}
