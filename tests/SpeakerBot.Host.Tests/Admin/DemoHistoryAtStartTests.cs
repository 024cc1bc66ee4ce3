using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>Demo:HistoryOnEmptyDatabase: a fresh host over the seed directory starts with a living dashboard.</summary>
public sealed class DemoHistoryAtStartTests
{
    [Fact]
    public async Task With_the_setting_an_empty_database_gets_the_demo_history_at_start_and_the_dashboard_has_figures()
    {
        await using var host = new AdminHost(new Dictionary<string, string?> { ["Demo:HistoryOnEmptyDatabase"] = "true" });
        _ = host.Address;
        var national = new Coordinator { Id = 0, Email = "test", Role = CoordinatorRole.National, CreatedAt = DateTimeOffset.UnixEpoch };

        var data = await host.Services.GetRequiredService<DashboardReport>().BuildAsync(national);
        var overview = await host.Services.GetRequiredService<RequestsBoard>().OverviewAsync(national);
        var again = await host.Services.GetRequiredService<DemoHistory>().AddAsync();

        Assert.True(data.Months.Count >= 6, $"{data.Months.Count} months");
        Assert.True(data.ByRegion.Sum(r => r.Girls) > 0);
        Assert.True(data.DemoBookings > 50);
        Assert.True(overview.Waiting.Count >= 3 && overview.Unfilled.Count >= 3 && overview.Upcoming.Count >= 10, $"{overview.Waiting.Count} waiting, {overview.Unfilled.Count} unfilled, {overview.Upcoming.Count} upcoming");
        Assert.Equal(DemoOutcome.AlreadyThere, again.Outcome);
    }

    [Fact]
    public async Task A_coordinator_acting_on_a_demo_visit_mails_nobody()
    {
        await using var host = new AdminHost(new Dictionary<string, string?> { ["Demo:HistoryOnEmptyDatabase"] = "true" });
        _ = host.Address;
        var national = new Coordinator { Id = 0, Email = "test", Role = CoordinatorRole.National, CreatedAt = DateTimeOffset.UnixEpoch };
        var upcoming = (await host.Services.GetRequiredService<RequestsBoard>().OverviewAsync(national)).Upcoming[0].Booking;

        var cancelled = await host.Services.GetRequiredService<AdminService>().CancelAsync(national, upcoming.Reference, "essai sur la démo");

        Assert.True(cancelled.Ok, cancelled.Error?.Detail);
        Assert.Equal(BookingStatus.Cancelled, (await host.Bookings.GetAsync(upcoming.Reference))!.Status);
        Assert.Empty(await host.Bookings.ListMailsAsync(upcoming.Reference));
    }

    [PostgresFact]
    public async Task On_postgresql_the_demo_history_comes_at_start_once_and_is_refused_once_a_real_booking_exists()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var host = new AdminHost(new Dictionary<string, string?>
        {
            ["Demo:HistoryOnEmptyDatabase"] = "true",
            ["Storage:Provider"] = "Postgres",
            ["Storage:PostgresConnectionString"] = database.ConnectionString,
        });
        _ = host.Address;
        var demo = host.Services.GetRequiredService<DemoHistory>();

        var (real, added) = await demo.CountAsync();
        var again = await demo.AddAsync();
        await host.AddBookingAsync("seed-0001", FrenchTime.Today(TimeProvider.System).AddDays(60));
        var refused = await demo.AddAsync();

        Assert.Equal(0, real);
        Assert.InRange(added, 80, 120);
        Assert.Equal(DemoOutcome.AlreadyThere, again.Outcome);
        Assert.Equal((DemoOutcome.RealBookings, 1), (refused.Outcome, refused.RealBookings));
        Assert.Equal((1, added), await demo.CountAsync());
    }

    [Fact]
    public async Task Without_the_setting_a_fresh_host_has_no_booking()
    {
        await using var host = new AdminHost();
        _ = host.Address;

        Assert.Equal((0, 0), await host.Services.GetRequiredService<DemoHistory>().CountAsync());
    }
}
