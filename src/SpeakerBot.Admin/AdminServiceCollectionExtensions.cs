using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Privacy;
using SpeakerBot.Storage.Import;
using SpeakerBot.Storage.Sqlite;
using SpeakerBot.Storage;

namespace SpeakerBot.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// Coordinators, audit log and the admin service. Needs the SQLite database, an IBookingStore (AddBookingStore),
    /// the directory (AddSpeakerDirectory) and the booking services (AddBookings), whose rules every booking change
    /// passes: a host without one of them fails at start with a message naming it.
    /// </summary>
    public static IServiceCollection AddCoordinatorTools(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminOptions>, AdminNeeds>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCoordinatorStores();
        services.TryAddSingleton<CoordinatorService>();
        services.TryAddSingleton<BackOfficeSignIn>();
        services.TryAddSingleton<AdminService>();
        services.TryAddSingleton<DashboardReport>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SpeakerBot.Conversation.Dialogs.ITurnHandler, CoordinatorChat>());
        services.TryAddSingleton<PrivacyService>();
        services.TryAddSingleton<DirectoryTransfer>();
        services.TryAddSingleton<SpeakerBackOffice>();
        services.TryAddSingleton<TransferBackOffice>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.TryAddSingleton<DemoHistory>();
        services.TryAddSingleton<RequestsBoard>();
        services.AddHostedService<DemoHistoryAtStart>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<AdminOptions>>().Value.RunRetentionJob
            ? ActivatorUtilities.CreateInstance<RetentionBackgroundService>(sp)
            : new IdleService());
        return services;
    }

    /// <summary>What the coordinator tools need from other areas.</summary>
    private sealed class AdminNeeds(IServiceProviderIsService registered) : IValidateOptions<AdminOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdminOptions options) => RequiredServices.Check(registered, "The coordinator tools (AddCoordinatorTools)",
        [
            (typeof(IBookingStore), "services.AddBookingStore()"),
            (typeof(ISpeakerStore), "services.AddSpeakerDirectory(configuration)"),
            (typeof(SpeakerImporter), "services.AddSpeakerDirectory(configuration)"),
            (typeof(BookingChanges), "services.AddBookings()"),
            (typeof(BookingLinks), "services.AddBookings()"),
        ]);
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
