using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage;

public static class BookingStorageServiceCollectionExtensions
{
    /// <summary>The booking store of the configured provider (SQLite, sharing the one database file).</summary>
    public static IServiceCollection AddBookingStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ResolveSqlitePath().ValidateDataAnnotations().ValidatePostgresConnection().ValidateOnStart();
        services.AddStorageDatabases();
        services.TryAddSingleton<IBookingStore, SqliteBookingStore>();
        services.AddInstanceServices();
        return services;
    }
}
