using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Storage.Import;
using SpeakerBot.Storage.Instances;
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
            .Validate(o => o.Provider == StorageProvider.Sqlite, "Storage:Provider 'Postgres' is not available yet; use 'Sqlite'");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath));
        services.TryAddSingleton<SqliteSpeakerStore>();
        services.TryAddSingleton<ISpeakerStore>(sp => sp.GetRequiredService<SqliteSpeakerStore>());
        services.TryAddSingleton<SqliteStateStore>();
        services.TryAddSingleton<IStateStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.HoldCommitOfActivity is { Length: > 0 } marker
            ? new CommitHoldingStateStore(sp.GetRequiredService<SqliteStateStore>(), marker)
            : sp.GetRequiredService<SqliteStateStore>());
        services.TryAddSingleton<SpeakerImporter>();
        services.TryAddSingleton<SpeakerExporter>();
        services.TryAddSingleton<DirectorySeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectorySeeder>());
        services.AddJobElection();
        return services;
    }

    /// <summary>One runner at a time for background jobs: in the process on SQLite, through the database on PostgreSQL.</summary>
    internal static IServiceCollection AddJobElection(this IServiceCollection services)
    {
        services.TryAddSingleton<IJobElection, LocalJobElection>();
        return services;
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
