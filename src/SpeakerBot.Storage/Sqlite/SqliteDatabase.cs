using Microsoft.Data.Sqlite;

namespace SpeakerBot.Storage.Sqlite;

/// <summary>One SQL step of one area's schema. Versions are per area and only ever appended.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>The database file cannot be used; the message names the path, the settings that choose it and why.</summary>
public sealed class SqliteDatabaseUnavailableException(string path, string reason, Exception inner)
    : StorageUnavailableException($"Storage:SqlitePath (data folder: SPEAKERBOT_DATA or Storage:DataRoot) must name a writable folder and a SQLite database file or none yet, but at {path} {reason}.", inner)
{
    public string DatabasePath { get; } = path;
}

/// <summary>
/// The embedded database file shared by every SQLite store. WAL mode so readers never block the writer;
/// each area (directory, state, bookings, …) applies its own versioned migrations once per process.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _migratedAreas = new(StringComparer.Ordinal);

    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            try
            {
                System.IO.Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SqliteDatabaseUnavailableException(Path, $"its folder {folder} cannot be created ({e.Message})", e);
            }
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (area TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (area, version));");
        }
        catch (SqliteException e)
        {
            // Primary result codes: 26 NOTADB, 11 CORRUPT, 8 READONLY, 14 CANTOPEN (https://sqlite.org/rescode.html).
            var reason = (e.SqliteErrorCode & 0xFF) switch
            {
                26 => "the file there is not a SQLite database",
                11 => "the SQLite database there is damaged",
                8 or 14 => "the file or its folder cannot be written",
                _ => e.Message,
            };
            SqliteConnection.ClearAllPools();
            throw new SqliteDatabaseUnavailableException(Path, reason, e);
        }
    }

    public string Path { get; }

    /// <summary>Turn locks of state documents (<see cref="Domain.IStateStore.LockAsync"/>): one process owns the file, so in memory.</summary>
    internal Domain.KeyedLock TurnLocks { get; } = new();

    /// <summary>An open connection with foreign keys on and a busy timeout, so concurrent writers wait instead of failing.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    /// <summary>Applies the migrations of <paramref name="area"/> not yet recorded, each in its own transaction.</summary>
    public void Migrate(string area, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        lock (_gate)
        {
            if (_migratedAreas.Contains(area))
            {
                return;
            }

            using var connection = Open();
            foreach (var migration in migrations.OrderBy(m => m.Version))
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using (var check = connection.CreateCommand())
                {
                    check.Transaction = transaction;
                    check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE area = $area AND version = $version";
                    check.Parameters.AddWithValue("$area", area);
                    check.Parameters.AddWithValue("$version", migration.Version);
                    if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                    {
                        transaction.Rollback();
                        continue;
                    }
                }

                using (var apply = connection.CreateCommand())
                {
                    apply.Transaction = transaction;
                    apply.CommandText = migration.Sql;
                    apply.ExecuteNonQuery();
                }

                using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (area, version, description, applied_at) VALUES ($area, $version, $description, $at)";
                    record.Parameters.AddWithValue("$area", area);
                    record.Parameters.AddWithValue("$version", migration.Version);
                    record.Parameters.AddWithValue("$description", migration.Description);
                    record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                    record.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            _migratedAreas.Add(area);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
