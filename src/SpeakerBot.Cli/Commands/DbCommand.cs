using System.CommandLine;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Postgres;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Cli.Commands;

/// <summary>
/// `db migrate`: creates or upgrades the schema of the configured database, as the bot does at start.
/// `db copy`: moves an SQLite deployment into an empty PostgreSQL database (decision 124).
/// </summary>
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
        var from = new Option<string?>("--from")
        {
            Description = "The SQLite file to copy, as PATH or sqlite:PATH (default: the file of --db)",
        };
        var to = new Option<string?>("--to")
        {
            Description = "The PostgreSQL database to fill, as a connection string or postgres:CONNECTION (default: Storage:PostgresConnectionString); it must be empty",
        };
        var copy = new Command("copy", "Copy every store of an SQLite deployment (speakers, state, bookings and outbox, coordinators and audit, secrets) into an empty PostgreSQL database, then compare the counts.") { from, to };
        copy.SetAction((result, ct) => CopyAsync(result.GetValue(from), result.GetValue(to), result.GetValue(CliOptions.Database)!, ct));
        var command = new Command("db", "Database schema maintenance and moves between providers");
        command.Subcommands.Add(migrate);
        command.Subcommands.Add(copy);
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

    private static async Task<int> CopyAsync(string? from, string? to, string sqlitePath, CancellationToken cancellationToken)
    {
        var source = WithoutScheme(from, "sqlite:") ?? sqlitePath;
        var target = WithoutScheme(to, "postgresql:", "postgres:")
            ?? (CliOptions.Settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.PostgresConnectionString)}"] is { Length: > 0 } configured ? configured : null);
        if (target is null)
        {
            Console.Error.WriteLine("--to: give the PostgreSQL database to fill (postgres:Host=…;Database=…;Username=…), or set Storage:PostgresConnectionString.");
            return ExitCodes.BadInput;
        }

        try
        {
            var (dataSource, described) = PostgresDatabase.Build(target);
            await dataSource.DisposeAsync();
            Console.Error.WriteLine($"From: SQLite {Path.GetFullPath(source)}");
            Console.Error.WriteLine($"To:   PostgreSQL {described}");
            using var database = PostgresDatabase.Start(target);
            var counts = await DatabaseCopy.CopyAsync(source, database.DataSource, cancellationToken);
            foreach (var table in counts)
            {
                Console.WriteLine($"{table.Holds,-22} {table.Source,8} copied, {table.Target,8} in PostgreSQL ({table.Table})");
            }

            Console.WriteLine($"Copied {counts.Sum(c => c.Target)} rows in {counts.Count} tables; every count matches.");
            return ExitCodes.Ok;
        }
        catch (StorageUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (DatabaseCopyException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            Console.Error.WriteLine($"--from: {Path.GetFullPath(source)} cannot be read as a SpeakerBot SQLite database ({e.Message}); nothing was copied.");
            return ExitCodes.BadInput;
        }
        catch (Npgsql.PostgresException e)
        {
            Console.Error.WriteLine($"--to: PostgreSQL refused the copy ({e.MessageText}); nothing was copied.");
            return ExitCodes.Failure;
        }
    }

    private static string? WithoutScheme(string? value, params string[] schemes) =>
        value is null ? null
        : schemes.FirstOrDefault(s => value.StartsWith(s, StringComparison.OrdinalIgnoreCase)) is { } scheme ? value[scheme.Length..]
        : value;

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
