using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Storage.Sqlite;

/// <summary>
/// Coordinators and the audit log. A coordinator's change and its audit entry are written in the same
/// transaction, so the log can never miss a change that was committed.
/// </summary>
public sealed class SqliteCoordinatorStore : ICoordinatorStore
{
    private static readonly Migration[] Migrations =
    [
        new(1, "coordinators with token hashes, audit log", """
            CREATE TABLE coordinators (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT NOT NULL,
                role TEXT NOT NULL,
                regions TEXT NOT NULL,
                token_hash BLOB NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT);
            CREATE INDEX ix_coordinators_email ON coordinators(email);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                at TEXT NOT NULL,
                before_json TEXT,
                after_json TEXT);
            CREATE INDEX ix_audit_log_target ON audit_log(target);
            """),
    ];

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteCoordinatorStore(SqliteDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
        _database.Migrate("coordinators", Migrations);
    }

    public Task<Coordinator> AddAsync(string email, CoordinatorRole role, IReadOnlyList<string> regions, byte[] tokenHash, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(tokenHash);
        var now = _time.GetUtcNow();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        long id;
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO coordinators (email, role, regions, token_hash, created_at) VALUES ($email, $role, $regions, $hash, $at) RETURNING id";
            insert.Parameters.AddWithValue("$email", email.Trim().ToLowerInvariant());
            insert.Parameters.AddWithValue("$role", RoleText(role));
            insert.Parameters.AddWithValue("$regions", JsonSerializer.Serialize(regions));
            insert.Parameters.AddWithValue("$hash", tokenHash);
            insert.Parameters.AddWithValue("$at", Format(now));
            id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var coordinator = new Coordinator { Id = id, Email = email.Trim().ToLowerInvariant(), Role = role, Regions = [.. regions], CreatedAt = now };
        WriteAudit(connection, transaction, new AuditEntry
        {
            Actor = actor,
            Action = "coordinator.add",
            Target = $"coordinator:{id}",
            At = now,
            AfterJson = Describe(coordinator),
        });
        transaction.Commit();
        return Task.FromResult(coordinator);
    }

    public Task<IReadOnlyList<Coordinator>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, role, regions, created_at, revoked_at FROM coordinators ORDER BY id";
        var list = new List<Coordinator>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }

        return Task.FromResult<IReadOnlyList<Coordinator>>(list);
    }

    public Task<CoordinatorCredential?> GetCredentialAsync(long id, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, role, regions, created_at, revoked_at, token_hash FROM coordinators WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new CoordinatorCredential(Read(reader), (byte[])reader.GetValue(6)) : null);
    }

    public Task<Coordinator?> RevokeAsync(string idOrEmail, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrEmail);
        var now = _time.GetUtcNow();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        Coordinator? before = null;
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = long.TryParse(idOrEmail, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? "SELECT id, email, role, regions, created_at, revoked_at FROM coordinators WHERE id = $key AND revoked_at IS NULL"
                : "SELECT id, email, role, regions, created_at, revoked_at FROM coordinators WHERE email = $key AND revoked_at IS NULL ORDER BY id LIMIT 1";
            select.Parameters.AddWithValue("$key", long.TryParse(idOrEmail, NumberStyles.None, CultureInfo.InvariantCulture, out id) ? id : idOrEmail.Trim().ToLowerInvariant());
            using var reader = select.ExecuteReader();
            if (reader.Read())
            {
                before = Read(reader);
            }
        }

        if (before is null)
        {
            return Task.FromResult<Coordinator?>(null);
        }

        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE coordinators SET revoked_at = $at WHERE id = $id";
            update.Parameters.AddWithValue("$at", Format(now));
            update.Parameters.AddWithValue("$id", before.Id);
            update.ExecuteNonQuery();
        }

        var after = before with { RevokedAt = now };
        WriteAudit(connection, transaction, new AuditEntry
        {
            Actor = actor,
            Action = "coordinator.revoke",
            Target = $"coordinator:{before.Id}",
            At = now,
            BeforeJson = Describe(before),
            AfterJson = Describe(after),
        });
        transaction.Commit();
        return Task.FromResult<Coordinator?>(after);
    }

    public Task<Coordinator?> UpdateAsync(long id, CoordinatorRole role, IReadOnlyList<string> regions, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var now = _time.GetUtcNow();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        Coordinator? before = null;
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, email, role, regions, created_at, revoked_at FROM coordinators WHERE id = $id AND revoked_at IS NULL";
            select.Parameters.AddWithValue("$id", id);
            using var reader = select.ExecuteReader();
            if (reader.Read())
            {
                before = Read(reader);
            }
        }

        if (before is null)
        {
            return Task.FromResult<Coordinator?>(null);
        }

        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE coordinators SET role = $role, regions = $regions WHERE id = $id";
            update.Parameters.AddWithValue("$role", RoleText(role));
            update.Parameters.AddWithValue("$regions", JsonSerializer.Serialize(regions));
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
        }

        var after = before with { Role = role, Regions = [.. regions] };
        WriteAudit(connection, transaction, new AuditEntry
        {
            Actor = actor,
            Action = "coordinator.update",
            Target = $"coordinator:{id}",
            At = now,
            BeforeJson = Describe(before),
            AfterJson = Describe(after),
        });
        transaction.Commit();
        return Task.FromResult<Coordinator?>(after);
    }

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        WriteAudit(connection, transaction, entry.At == default ? entry with { At = _time.GetUtcNow() } : entry);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? targetPrefix = null, int take = 200, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, actor, action, target, at, before_json, after_json FROM audit_log
            WHERE $prefix IS NULL OR substr(target, 1, length($prefix)) = $prefix
            ORDER BY id DESC LIMIT $take
            """;
        command.Parameters.AddWithValue("$prefix", (object?)targetPrefix ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", take);
        var entries = new List<AuditEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                Actor = reader.GetString(1),
                Action = reader.GetString(2),
                Target = reader.GetString(3),
                At = DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                BeforeJson = reader.IsDBNull(5) ? null : reader.GetString(5),
                AfterJson = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }

        return Task.FromResult<IReadOnlyList<AuditEntry>>(entries);
    }

    /// <summary>Writes one audit row inside the caller's transaction.</summary>
    public static void WriteAudit(SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(entry);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO audit_log (actor, action, target, at, before_json, after_json) VALUES ($actor, $action, $target, $at, $before, $after)";
        insert.Parameters.AddWithValue("$actor", entry.Actor);
        insert.Parameters.AddWithValue("$action", entry.Action);
        insert.Parameters.AddWithValue("$target", entry.Target);
        insert.Parameters.AddWithValue("$at", Format(entry.At));
        insert.Parameters.AddWithValue("$before", (object?)entry.BeforeJson ?? DBNull.Value);
        insert.Parameters.AddWithValue("$after", (object?)entry.AfterJson ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    // The token hash never goes into the audit log.
    private static string Describe(Coordinator coordinator) => JsonSerializer.Serialize(new
    {
        id = coordinator.Id,
        email = coordinator.Email,
        role = RoleText(coordinator.Role),
        regions = coordinator.Regions,
        revokedAt = coordinator.RevokedAt,
    });

    private static Coordinator Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Email = reader.GetString(1),
        Role = reader.GetString(2) == "national" ? CoordinatorRole.National : CoordinatorRole.Regional,
        Regions = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
        CreatedAt = DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
        RevokedAt = reader.IsDBNull(5) ? null : DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
    };

    private static string RoleText(CoordinatorRole role) => role == CoordinatorRole.National ? "national" : "regional";

    private static string Format(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
