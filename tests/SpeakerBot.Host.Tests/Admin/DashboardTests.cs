using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

public sealed class DashboardTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Dashboard_counts_held_visits_pupils_and_girls_of_her_regions_only()
    {
        // Mayotte: few seeded speakers and no seeded bookings, so every booking figure comes from this test.
        await _host.AddSpeakersAsync(
            AdminHost.Speaker("d-1", "mayotte", "sante", network: "Réseau A"),
            AdminHost.Speaker("d-2", "mayotte", "energie", network: "Réseau B"),
            AdminHost.Speaker("d-3", "mayotte", "sante"),
            AdminHost.Speaker("d-out", "corse", "sante"));
        var past = new DateOnly(2025, 3, 11);
        await _host.AddBookingAsync("d-1", past, BookingStatus.FeedbackReceived, new BookingFeedback(25, 12, 5, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("d-1", past.AddDays(7), BookingStatus.FeedbackReceived, new BookingFeedback(30, 14, 4, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("d-2", past.AddDays(1), BookingStatus.Held);
        await _host.AddBookingAsync("d-out", past, BookingStatus.FeedbackReceived, new BookingFeedback(28, 20, 5, DateTimeOffset.UtcNow));
        var token = await _host.TokenAsync("may@reseau.example", CoordinatorRole.Regional, "mayotte");
        var who = await _host.Services.GetRequiredService<CoordinatorService>().AuthenticateAsync(token);

        var data = await _host.Services.GetRequiredService<DashboardReport>().BuildAsync(who!);

        var march = Assert.Single(data.Months);
        Assert.Equal(("2025-03", 3, 0), (march.Month, march.Held, march.Planned));
        var region = Assert.Single(data.ByRegion);
        Assert.Equal(("mayotte", 3, 55, 26), (region.Key, region.Visits, region.Pupils, region.Girls));
        Assert.Equal(2, data.BySector.Single(s => s.Key == "sante").Visits);
        var approved = 0;
        await foreach (var s in _host.Speakers.ReadAllAsync())
        {
            approved += s.Region == "mayotte" && s.Status == SpeakerStatus.Approved ? 1 : 0;
        }

        Assert.Equal(approved, data.ApprovedSpeakers);
        Assert.InRange(approved, 3, 10);
        Assert.Equal(2, data.SpeakersWithRequest);
        Assert.Equal(3, data.TotalRequests);
        Assert.Equal(2 / 3.0, data.TopTenPercentShare, 3);

        using var client = _host.Client();
        using var login = await BackOffice.BackOfficeBrowser.SignInClientAsync(_host.Factory, "may@reseau.example");
        var html = await login.GetStringAsync(new Uri("admin/impact", UriKind.Relative));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">mayotte</th><td>3</td><td>3</td><td>55</td><td>26</td>", html, StringComparison.Ordinal);
        var csv = await login.GetStringAsync(new Uri("admin/csv/regions", UriKind.Relative));
        Assert.Equal(csv, await login.GetStringAsync(new Uri("admin/impact/csv?table=regions", UriKind.Relative)));
        var report = await login.GetAsync(new Uri("admin/report", UriKind.Relative));
        Assert.Equal((HttpStatusCode.MovedPermanently, "/admin/impact"), (report.StatusCode, report.Headers.Location?.OriginalString));
        Assert.Equal("region,visits,pupils,girls,classes\nmayotte,3,55,26,3\n", csv.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(csv, await _host.Client(token).GetStringAsync(new Uri("admin/csv/regions", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("admin/csv/regions", UriKind.Relative))).StatusCode);
    }
}
