using System.CommandLine;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Postgres;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Cli.Commands;

/// <summary>`db migrate`: creates or upgrades the schema of the configured database, as the bot does at start.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string (default: Storage:PostgresConnectionString when Storage:Provider is Postgres; otherwise the SQLite file of --db)",
        };
        var migrate = new Command("migrate", "Apply the schema migrations not yet applied (safe while instances run or start).") { connection };
        migrate.SetAction((result, _) => Task.FromResult(Migrate(result.GetValue(connection), result.GetValue(CliOptions.Database)!)));
        var command = new Command("db", "Database schema maintenance");
        command.Subcommands.Add(migrate);
        return command;
    }

    private static int Migrate(string? postgres, string sqlitePath)
    {
        var settings = CliOptions.Settings;
        var provider = settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"];
        postgres ??= string.Equals(provider, nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase)
            ? settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.PostgresConnectionString)}"] ?? string.Empty
            : null;
        try
        {
            if (postgres is not null)
            {
                var (dataSource, target) = PostgresDatabase.Build(postgres);
                using (dataSource)
                {
                    Console.Error.WriteLine($"Database: PostgreSQL {target}");
                    var applied = Run(dataSource, target);
                    Console.WriteLine(applied.Count == 0
                        ? $"Schema up to date (version {PostgresMigrations.All.Max(m => m.Version)}); nothing applied."
                        : $"Applied migrations {string.Join(", ", applied)}; schema now at version {PostgresMigrations.All.Max(m => m.Version)}.");
                }
            }
            else
            {
                CliOptions.AnnounceWrite(sqlitePath);
                var database = new SqliteDatabase(sqlitePath);
                // Each SQLite store applies its own area's steps when opened.
                _ = new SqliteSpeakerStore(database);
                _ = new SqliteStateStore(database, TimeProvider.System);
                _ = new SqliteBookingStore(database, TimeProvider.System);
                _ = new SqliteCoordinatorStore(database, TimeProvider.System);
                Console.WriteLine("SQLite schema up to date.");
            }

            return ExitCodes.Ok;
        }
        catch (StorageUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    private static IReadOnlyList<int> Run(Npgsql.NpgsqlDataSource dataSource, string target)
    {
        try
        {
            return PostgresMigrator.Migrate(dataSource, PostgresMigrations.All);
        }
        catch (Exception e) when (PostgresDatabase.Explain(e) is { } reason)
        {
            throw new PostgresDatabaseUnavailableException(target, reason, e);
        }
    }
}
