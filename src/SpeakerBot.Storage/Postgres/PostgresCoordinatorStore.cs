using System.Globalization;
using System.Text.Json;
using Npgsql;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Storage.Postgres;

/// <summary>Coordinators and the audit log on PostgreSQL; a change and its audit entry commit together.</summary>
public sealed class PostgresCoordinatorStore(PostgresDatabase database, TimeProvider time) : ICoordinatorStore
{
    private const string CoordinatorColumns = "id, email, role, regions, created_at, revoked_at";

    public async Task<Coordinator> AddAsync(string email, CoordinatorRole role, IReadOnlyList<string> regions, byte[] tokenHash, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(tokenHash);
        var now = time.GetUtcNow();
        var normalised = email.Trim().ToLowerInvariant();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand("INSERT INTO coordinators (email, role, regions, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id", connection, transaction)
            .With(Param.Text(normalised), Param.Text(RoleText(role)), Param.Text(JsonSerializer.Serialize(regions)), Param.Bytes(tokenHash), Param.Instant(now)))
        {
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        var coordinator = new Coordinator { Id = id, Email = normalised, Role = role, Regions = [.. regions], CreatedAt = now };
        await WriteAuditAsync(connection, transaction, new AuditEntry
        {
            Actor = actor,
            Action = "coordinator.add",
            Target = $"coordinator:{id}",
            At = now,
            AfterJson = Describe(coordinator),
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return coordinator;
    }

    public async Task<IReadOnlyList<Coordinator>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {CoordinatorColumns} FROM coordinators ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Coordinator>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<CoordinatorCredential?> GetCredentialAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {CoordinatorColumns}, token_hash FROM coordinators WHERE id = $1", connection).With(Param.Long(id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new CoordinatorCredential(Read(reader), reader.GetFieldValue<byte[]>(6)) : null;
    }

    public async Task<Coordinator?> RevokeAsync(string idOrEmail, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrEmail);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var byId = long.TryParse(idOrEmail, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        Coordinator? before = null;
        await using (var select = new NpgsqlCommand(
            byId
                ? $"SELECT {CoordinatorColumns} FROM coordinators WHERE id = $1 AND revoked_at IS NULL FOR UPDATE"
                : $"SELECT {CoordinatorColumns} FROM coordinators WHERE email = $1 AND revoked_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE",
            connection,
            transaction).With(byId ? Param.Long(id) : Param.Text(idOrEmail.Trim().ToLowerInvariant())))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                before = Read(reader);
            }
        }

        if (before is null)
        {
            return null;
        }

        await using (var update = new NpgsqlCommand("UPDATE coordinators SET revoked_at = $1 WHERE id = $2", connection, transaction).With(Param.Instant(now), Param.Long(before.Id)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var after = before with { RevokedAt = now };
        await WriteAuditAsync(connection, transaction, new AuditEntry
        {
            Actor = actor,
            Action = "coordinator.revoke",
            Target = $"coordinator:{before.Id}",
            At = now,
            BeforeJson = Describe(before),
            AfterJson = Describe(after),
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    public async Task<Coordinator?> UpdateAsync(long id, CoordinatorRole role, IReadOnlyList<string> regions, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Coordinator? before = null;
        await using (var select = new NpgsqlCommand($"SELECT {CoordinatorColumns} FROM coordinators WHERE id = $1 AND revoked_at IS NULL FOR UPDATE", connection, transaction).With(Param.Long(id)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                before = Read(reader);
            }
        }

        if (before is null)
        {
            return null;
        }

        await using (var update = new NpgsqlCommand("UPDATE coordinators SET role = $1, regions = $2 WHERE id = $3", connection, transaction)
            .With(Param.Text(RoleText(role)), Param.Text(JsonSerializer.Serialize(regions)), Param.Long(id)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var after = before with { Role = role, Regions = [.. regions] };
        await WriteAuditAsync(connection, transaction, new AuditEntry
        {
            Actor = actor,
            Action = "coordinator.update",
            Target = $"coordinator:{id}",
            At = now,
            BeforeJson = Describe(before),
            AfterJson = Describe(after),
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken);
        await WriteAuditAsync(connection, null, entry.At == default ? entry with { At = time.GetUtcNow() } : entry, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? targetPrefix = null, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT id, actor, action, target, at, before_json, after_json FROM audit_log
            WHERE $1::text IS NULL OR left(target, length($1::text)) = $1::text
            ORDER BY id DESC LIMIT $2
            """, connection).With(Param.Text(targetPrefix), Param.Int(take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                Actor = reader.GetString(1),
                Action = reader.GetString(2),
                Target = reader.GetString(3),
                At = reader.Instant(4),
                BeforeJson = reader.TextOrNull(5),
                AfterJson = reader.TextOrNull(6),
            });
        }

        return entries;
    }

    /// <summary>Writes one audit row inside the caller's transaction (or on its own when none).</summary>
    public static async Task WriteAuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var insert = new NpgsqlCommand("INSERT INTO audit_log (actor, action, target, at, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6)", connection, transaction)
            .With(Param.Text(entry.Actor), Param.Text(entry.Action), Param.Text(entry.Target), Param.Instant(entry.At), Param.Text(entry.BeforeJson), Param.Text(entry.AfterJson));
        await insert.ExecuteNonQueryAsync(cancellationToken);
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

    private static Coordinator Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Email = reader.GetString(1),
        Role = reader.GetString(2) == "national" ? CoordinatorRole.National : CoordinatorRole.Regional,
        Regions = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
        CreatedAt = reader.Instant(4),
        RevokedAt = reader.InstantOrNull(5),
    };

    private static string RoleText(CoordinatorRole role) => role == CoordinatorRole.National ? "national" : "regional";
}
