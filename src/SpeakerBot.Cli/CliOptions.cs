using System.CommandLine;
using Microsoft.Extensions.Configuration;
using SpeakerBot.Domain;
using SpeakerBot.Host;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Cli;

/// <summary>Options shared by every command.</summary>
internal static class CliOptions
{
    /// <summary>
    /// The settings the bot reads: the checkout's .env, then the environment (which wins), so the command line and the
    /// bot resolve the same data root and database whatever the working directory.
    /// </summary>
    public static IConfiguration Settings { get; } = LoadSettings();

    /// <summary>The SQLite database file; the same default as the bot so both see one directory.</summary>
    public static readonly Option<string> Database = new("--db")
    {
        Description = "SQLite database file of the directory (default: the bot's, under its data root)",
        DefaultValueFactory = _ => DefaultDatabase(Settings),
        Recursive = true,
    };

    public static string DefaultDatabase(IConfiguration settings)
    {
        var configured = settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.SqlitePath)}"];
        return StorageServiceCollectionExtensions.LocateDataRoot(settings)
            .Resolve(string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultSqlitePath : configured);
    }

    /// <summary>True when Storage:Provider is Postgres: every command then works on that database, not on --db.</summary>
    public static bool UsesPostgres =>
        string.Equals(Settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"], nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase);

    /// <summary>On stderr, so it never mixes with output a script reads: which database a writing command changes.</summary>
    public static void AnnounceWrite(string database)
    {
        if (!UsesPostgres)
        {
            Console.Error.WriteLine($"Database: {Path.GetFullPath(database)}");
            return;
        }

        try
        {
            var (dataSource, target) = PostgresDatabase.Build(Settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.PostgresConnectionString)}"]);
            dataSource.Dispose();
            Console.Error.WriteLine($"Database: PostgreSQL {target}");
        }
        catch (StorageUnavailableException)
        {
            // An empty or malformed connection string: the store says so, naming the setting, when the command opens it.
        }
    }

    private static ConfigurationManager LoadSettings()
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables();
        configuration.AddDotEnvFile(DotEnv.DefaultPath);
        return configuration;
    }
}
