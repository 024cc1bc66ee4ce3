using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Domain.Privacy;
using SpeakerBot.Storage.Import;
using SpeakerBot.Storage.Instances;
using SpeakerBot.Storage.Postgres;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The directory and state stores on the configured database, import/export, and the start-up seeder
    /// (a hosted service; hosts without a generic host call <see cref="DirectorySeeder.EnsureSeededAsync"/>).
    /// </summary>
    public static IServiceCollection AddSpeakerDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ResolveSqlitePath()
            .ValidateDataAnnotations()
            .ValidatePostgresConnection();
        services.AddStorageDatabases();
        services.TryAddSingleton<SqliteSpeakerStore>();
        services.TryAddSingleton<PostgresSpeakerStore>();
        services.TryAddSingleton<ISpeakerStore>(sp => sp.UsesPostgres() ? sp.GetRequiredService<PostgresSpeakerStore>() : sp.GetRequiredService<SqliteSpeakerStore>());
        services.TryAddSingleton<SqliteStateStore>();
        services.TryAddSingleton<PostgresStateStore>();
        services.TryAddSingleton<IStateStore>(sp =>
        {
            IStateStore store = sp.UsesPostgres() ? sp.GetRequiredService<PostgresStateStore>() : sp.GetRequiredService<SqliteStateStore>();
            return sp.GetRequiredService<IOptions<StorageOptions>>().Value.HoldCommitOfActivity is { Length: > 0 } marker
                ? new CommitHoldingStateStore(store, marker)
                : store;
        });
        services.TryAddSingleton<SpeakerImporter>();
        services.TryAddSingleton<SpeakerExporter>();
        services.TryAddSingleton<DirectorySeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectorySeeder>());
        services.AddInstanceServices();
        return services;
    }

    /// <summary>
    /// What makes several instances on one PostgreSQL database behave as one bot: the job election (one runner per
    /// job), the LISTEN connection (backplane), the shared Direct Line conversations and the speaker change feed.
    /// On SQLite the process is alone: it always leads, keeps Direct Line in memory, and has no feed (the store's
    /// own event suffices), so those two resolve to null. Generated secrets are kept in the database either way.
    /// </summary>
    internal static IServiceCollection AddInstanceServices(this IServiceCollection services)
    {
        services.TryAddSingleton<LocalJobElection>();
        services.TryAddSingleton<IJobElection>(sp => sp.UsesPostgres()
            ? new PostgresJobElection(sp.GetRequiredService<NpgsqlDataSource>())
            : sp.GetRequiredService<LocalJobElection>());
        if (services.Any(d => d.ServiceType == typeof(PostgresNotifications)))
        {
            return services;
        }

        services.AddSingleton<PostgresNotifications>();
        services.AddSingleton<IHostedService>(sp => sp.UsesPostgres() ? sp.GetRequiredService<PostgresNotifications>() : new NothingToListen());
        services.TryAddSingleton<IDirectLineStore>(sp => sp.UsesPostgres()
            ? new PostgresDirectLineStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<PostgresNotifications>())
            : null!);
        services.TryAddSingleton<ISpeakerChangeFeed>(sp => sp.UsesPostgres()
            ? new PostgresSpeakerChangeFeed(sp.GetRequiredService<PostgresNotifications>())
            : null!);

        // On SQLite the booking store keeps them (none without one: a Direct Line key then lives as long as the process).
        services.TryAddSingleton<ISecretStore>(sp => sp.UsesPostgres()
            ? new PostgresSecretStore(sp.GetRequiredService<NpgsqlDataSource>())
            : sp.GetService<IBookingStore>()!);
        return services;
    }

    private sealed class NothingToListen : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// The data root from <c>Storage:DataRoot</c> or <c>SPEAKERBOT_DATA</c> (else the checkout's data/): call first, so
    /// every area resolves its relative paths against the same folder.
    /// </summary>
    public static IServiceCollection AddDataRoot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.RemoveAll<DataRoot>();
        services.AddSingleton(LocateDataRoot(configuration));
        return services;
    }

    public static DataRoot LocateDataRoot(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[DataRoot.SettingKey];
        return DataRoot.Locate(string.IsNullOrWhiteSpace(configured) ? configuration[DataRoot.EnvironmentVariable] : configured);
    }

    /// <summary>
    /// Both providers' databases, each opened on first use only: <see cref="SqliteDatabase"/> and <see cref="PostgresDatabase"/>
    /// (its <see cref="NpgsqlDataSource"/> too, migrated by <see cref="PostgresDatabase.Start"/>). Which one the stores use is
    /// <c>Storage:Provider</c>, never guessed from the connection string.
    /// </summary>
    public static IServiceCollection AddStorageDatabases(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath));
        services.TryAddSingleton(sp => PostgresDatabase.Start(sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString));
        services.TryAddSingleton<NpgsqlDataSource>(sp => sp.GetRequiredService<PostgresDatabase>().DataSource);
        return services;
    }

    /// <summary>Coordinators and audit log, and the personal-data search and purge, on the configured provider.</summary>
    public static IServiceCollection AddCoordinatorStores(this IServiceCollection services)
    {
        services.AddStorageDatabases();
        services.TryAddSingleton<SqliteCoordinatorStore>();
        services.TryAddSingleton<PostgresCoordinatorStore>();
        services.TryAddSingleton<ICoordinatorStore>(sp => sp.UsesPostgres() ? sp.GetRequiredService<PostgresCoordinatorStore>() : sp.GetRequiredService<SqliteCoordinatorStore>());
        services.TryAddSingleton<SqlitePersonalDataStore>();
        services.TryAddSingleton<PostgresPersonalDataStore>();
        services.TryAddSingleton<IPersonalDataStore>(sp => sp.UsesPostgres() ? sp.GetRequiredService<PostgresPersonalDataStore>() : sp.GetRequiredService<SqlitePersonalDataStore>());
        return services;
    }

    /// <summary>True when <c>Storage:Provider</c> is Postgres.</summary>
    public static bool UsesPostgres(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres;

    /// <summary>
    /// Opens the configured provider's database now (and, for PostgreSQL, migrates it), so an unusable one stops start-up
    /// with a <see cref="StorageUnavailableException"/> before any endpoint needs it.
    /// </summary>
    public static void OpenConfiguredDatabase(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.UsesPostgres())
        {
            services.GetService<PostgresDatabase>();
        }
        else
        {
            services.GetService<SqliteDatabase>();
        }
    }

    internal static OptionsBuilder<StorageOptions> ValidatePostgresConnection(this OptionsBuilder<StorageOptions> builder) =>
        builder.Validate(
            o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
            "Storage:PostgresConnectionString is required when Storage:Provider is Postgres (e.g. Host=db.example.org;Database=speakerbot;Username=speakerbot;Password=…)");

    internal static OptionsBuilder<StorageOptions> ResolveSqlitePath(this OptionsBuilder<StorageOptions> builder)
    {
        builder.Services.TryAddSingleton(_ => DataRoot.FromEnvironment());
        return builder.PostConfigure<DataRoot>((options, root) =>
        {
            if (!string.IsNullOrWhiteSpace(options.SqlitePath))
            {
                options.SqlitePath = root.Resolve(options.SqlitePath);
            }
        });
    }
}
