using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Storage;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// A host missing a service an area cannot work without does not start (decision 106): it does not run with a rule
/// switched off (a coordinator reassigning without the availability, overlap and cap checks) or a feature silently empty.
/// </summary>
public sealed class RequiredServicesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-required-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Coordinator_tools_without_the_booking_services_fail_at_start_naming_them()
    {
        using var host = Build(services => services.AddBookingStore().AddCoordinatorTools());

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AddCoordinatorTools", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BookingChanges (add it with services.AddBookings())", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bookings_without_the_speaker_search_fail_at_start_naming_it()
    {
        using var host = Build(services => services.AddBookingStore().AddBookings());

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ISpeakerSearch (add it with services.AddSpeakerSearch(configuration))", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A production host (no build-time validation) with the directory on a temp SQLite file plus the given areas.</summary>
    private IHost Build(Action<IServiceCollection> add)
    {
        Directory.CreateDirectory(_folder);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(_folder, "speakerbot.db"),
            ["Bookings:PickupDirectory"] = Path.Combine(_folder, "outbox"),
            ["Bookings:RunBackgroundServices"] = "false",
            ["Admin:RunRetentionJob"] = "false",
        });
        builder.Services.AddSpeakerDirectory(builder.Configuration);
        add(builder.Services);
        return builder.Build();
    }
}
