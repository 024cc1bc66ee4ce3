using Npgsql;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Brings a PostgreSQL database up to the latest schema. Safe when several instances start at the same moment: the
/// whole run holds one session advisory lock, so the second instance waits, then finds every step recorded in
/// schema_version and applies nothing. Each step runs in its own transaction with its schema_version row.
/// </summary>
public static class PostgresMigrator
{
    /// <summary>The advisory lock key of migrations (an arbitrary constant: "sb-migr" in ASCII).</summary>
    public const long LockKey = 0x73622d6d696772;

    /// <summary>Applies the steps not yet recorded, in version order; returns the versions it applied (empty when up to date).</summary>
    public static IReadOnlyList<int> Migrate(NpgsqlDataSource dataSource, IReadOnlyList<PostgresMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two PostgreSQL migrations share version {duplicate.Key}; give the new one the next free number.");
        }

        var applied = new List<int>();
        using var connection = dataSource.OpenConnection();
        Execute(connection, null, $"SELECT pg_advisory_lock({LockKey})");
        try
        {
            Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            var done = new HashSet<int>();
            using (var read = new NpgsqlCommand("SELECT version FROM schema_version", connection))
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    done.Add(reader.GetInt32(0));
                }
            }

            foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !done.Contains(m.Version)))
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, transaction, migration.Sql);
                using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, description) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
                    record.ExecuteNonQuery();
                }

                transaction.Commit();
                applied.Add(migration.Version);
            }
        }
        finally
        {
            Execute(connection, null, $"SELECT pg_advisory_unlock({LockKey})");
        }

        return applied;
    }

    /// <summary>The versions recorded in schema_version, ascending (empty for a new database).</summary>
    public static IReadOnlyList<int> AppliedVersions(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT version FROM schema_version ORDER BY version", connection);
        var versions = new List<int>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                versions.Add(reader.GetInt32(0));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Never migrated.
        }

        return versions;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
