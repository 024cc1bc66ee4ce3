using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Postgres;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage;

public static class BookingStorageServiceCollectionExtensions
{
    /// <summary>The booking store of the configured provider (Storage:Provider: SQLite, sharing the one database file, or PostgreSQL).</summary>
    public static IServiceCollection AddBookingStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ResolveSqlitePath().ValidateDataAnnotations().ValidatePostgresConnection().ValidateOnStart();
        services.AddStorageDatabases();
        services.TryAddSingleton<SqliteBookingStore>();
        services.TryAddSingleton<PostgresBookingStore>();
        services.TryAddSingleton<IBookingStore>(sp => sp.UsesPostgres() ? sp.GetRequiredService<PostgresBookingStore>() : sp.GetRequiredService<SqliteBookingStore>());
        // In the same database: a request left for the coordination is mailed to the coordinators of its region.
        services.AddCoordinatorStores();
        services.AddInstanceServices();
        return services;
    }
}
