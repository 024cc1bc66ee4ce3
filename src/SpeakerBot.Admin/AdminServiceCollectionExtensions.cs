using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Privacy;
using SpeakerBot.Storage;

namespace SpeakerBot.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>Coordinators, audit log and the admin service. Needs the storage options and an IBookingStore (AddBookingStore).</summary>
    public static IServiceCollection AddCoordinatorTools(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCoordinatorStores();
        services.TryAddSingleton<CoordinatorService>();
        services.TryAddSingleton<AdminService>();
        services.TryAddSingleton<DashboardReport>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SpeakerBot.Conversation.Dialogs.ITurnHandler, CoordinatorChat>());
        services.TryAddSingleton<PrivacyService>();
        services.TryAddSingleton<DirectoryTransfer>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<AdminOptions>>().Value.RunRetentionJob
            ? ActivatorUtilities.CreateInstance<RetentionBackgroundService>(sp)
            : new IdleService());
        return services;
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
