using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>Coordinators, audit log and the admin service. Needs the SQLite database and an IBookingStore (AddBookingStore).</summary>
    public static IServiceCollection AddCoordinatorTools(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICoordinatorStore, SqliteCoordinatorStore>();
        services.TryAddSingleton<CoordinatorService>();
        services.TryAddSingleton<AdminService>();
        services.TryAddSingleton<DashboardReport>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SpeakerBot.Conversation.Dialogs.ITurnHandler, CoordinatorChat>());
        return services;
    }
}
