using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>The services behind /admin/requests and /admin/impact, on the real host (Mayotte: no seeded bookings there).</summary>
public sealed class RequestsBoardTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();
    private Coordinator _mayotte = null!;

    public async Task InitializeAsync()
    {
        await _host.AddSpeakersAsync(
            AdminHost.Speaker("rb-1", "mayotte", "sante"),
            AdminHost.Speaker("rb-2", "mayotte", "sante"),
            AdminHost.Speaker("rb-3", "mayotte", "sante"),
            AdminHost.Speaker("rb-4", "mayotte", "energie"),
            AdminHost.Speaker("rb-corse", "corse", "sante"));
        var token = await _host.TokenAsync("may@reseau.example", CoordinatorRole.Regional, "mayotte");
        _mayotte = (await _host.Services.GetRequiredService<CoordinatorService>().AuthenticateAsync(token))!;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Overview_lists_old_waiting_requests_unfilled_demand_and_upcoming_visits_of_her_regions_only()
    {
        var inThreeWeeks = Today().AddDays(21);
        var old = await BackdateAsync(await _host.AddBookingAsync("rb-1", inThreeWeeks), days: 10);
        var fresh = await _host.AddBookingAsync("rb-2", inThreeWeeks.AddDays(1));
        var declined = await _host.AddBookingAsync("rb-4", inThreeWeeks.AddDays(2), BookingStatus.Declined);
        var upcoming = await _host.AddBookingAsync("rb-3", inThreeWeeks.AddDays(3), BookingStatus.Accepted);
        var corse = await BackdateAsync(await _host.AddBookingAsync("rb-corse", inThreeWeeks), days: 10);

        var overview = await _host.Services.GetRequiredService<RequestsBoard>().OverviewAsync(_mayotte);

        var waiting = Assert.Single(overview.Waiting);
        Assert.Equal((old.Reference, 10), (waiting.View.Booking.Reference, waiting.DaysWaiting));
        Assert.Equal(declined.Reference, Assert.Single(overview.Unfilled).View.Booking.Reference);
        Assert.Equal(upcoming.Reference, Assert.Single(overview.Upcoming).Booking.Reference);
        Assert.Contains(new DemandCell("sante", "mayotte", 1), overview.Demand);
        Assert.Contains(new DemandCell("energie", "mayotte", 1), overview.Demand);
        Assert.DoesNotContain(overview.Waiting.Concat(overview.Unfilled), r => r.View.Booking.Reference == corse.Reference || r.View.Booking.Reference == fresh.Reference);
    }

    [Fact]
    public async Task Suggestions_come_from_the_bots_ranking_without_the_current_speaker_nor_one_busy_that_hour_nor_another_region()
    {
        var date = NextWeekday(Today().AddDays(21));
        var waiting = await _host.AddBookingAsync("rb-1", date);
        await _host.AddBookingAsync("rb-2", date, BookingStatus.Accepted);

        var suggested = await _host.Services.GetRequiredService<RequestsBoard>().SuggestAsync(_mayotte, waiting.Reference);

        Assert.True(suggested.Ok, suggested.Error?.Detail);
        Assert.Contains(suggested.Value!, s => s.Speaker.Id == "rb-3");
        Assert.DoesNotContain(suggested.Value!, s => s.Speaker.Id is "rb-1" or "rb-2" or "rb-corse" or "rb-4");
        Assert.All(suggested.Value!, s => Assert.Null(s.Speaker.Contact));
    }

    [Fact]
    public async Task Reassigning_a_waiting_request_invites_the_new_speaker_and_tells_the_old_one_she_is_released()
    {
        var waiting = await _host.AddBookingAsync("rb-1", NextWeekday(Today().AddDays(21)));
        // The first invitation, as the bot sends it when the request is made.
        await _host.Services.GetRequiredService<SpeakerBot.Bookings.BookingLinks>().ReadyAsync();
        var first = _host.Services.GetRequiredService<SpeakerBot.Bookings.BookingMails>().Invitation(waiting, (await _host.Speakers.GetAsync("rb-1"))!, 1);
        await _host.Bookings.EnqueueAsync([first]);

        var result = await _host.Services.GetRequiredService<AdminService>().ReassignAsync(_mayotte, waiting.Reference, null, "rb-3");

        Assert.True(result.Ok, result.Error?.Detail);
        var mails = await _host.Bookings.ListMailsAsync(waiting.Reference);
        Assert.Contains(mails, m => m.To == "rb-3@speakers.example" && m.Body.Contains("Accepter", StringComparison.OrdinalIgnoreCase));
        var released = Assert.Single(mails, m => m.To == "rb-1@speakers.example" && m.Key != first.Key);
        Assert.Contains("vous n'êtes plus attendue", released.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impact_figures_count_classes_and_the_spread_of_requests_per_speaker_and_every_table_has_a_csv()
    {
        var past = new DateOnly(2025, 3, 11);
        await _host.AddBookingAsync("rb-1", past, BookingStatus.FeedbackReceived, new BookingFeedback(25, 12, 5, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("rb-1", past.AddDays(7), BookingStatus.FeedbackReceived, new BookingFeedback(30, 14, 4, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("rb-2", past.AddDays(1), BookingStatus.Held);

        var data = await _host.Services.GetRequiredService<DashboardReport>().BuildAsync(_mayotte);

        Assert.Equal(3, data.ByRegion.Single().Classes);
        Assert.Equal(2, data.MostRequests);
        Assert.Equal(1, data.Spread.Single(b => b.Requests == "2").Speakers);
        Assert.Equal(1, data.Spread.Single(b => b.Requests == "1").Speakers);
        Assert.Equal("region,visits,pupils,girls,classes\nmayotte,3,55,26,3\n", ImpactCsv.Write("regions", data)!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.All(ImpactCsv.Tables, t => Assert.NotNull(ImpactCsv.Write(t, data)));
        Assert.Null(ImpactCsv.Write("nope", data));
        var chart = ImpactChart.Build(data.Months, data.Months[0].Target);
        var held = Assert.Single(chart.Bars, b => b.Series == "held");
        Assert.Equal(3, held.Value);
        Assert.True(held.Height > 0 && chart.TargetY < held.Y, "the target (40) is drawn above a bar of 3");
    }

    private async Task<Booking> BackdateAsync(Booking booking, int days)
    {
        var at = DateTimeOffset.UtcNow.AddDays(-days).AddHours(-1);
        var result = await _host.Bookings.UpdateAsync(booking.Reference, (current, _) => new BookingChange { Updated = current with { CreatedAt = at } });
        return result.Booking!;
    }

    private static DateOnly Today() => FrenchTime.Today(TimeProvider.System);

    private static DateOnly NextWeekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        DayOfWeek.Wednesday => date.AddDays(1),
        _ => date,
    };
}
