using Npgsql;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Conversation state and processed activities on PostgreSQL. A turn runs under <see cref="LockAsync"/>, an advisory
/// lock on its conversation held by a connection of <see cref="PostgresDatabase.LockSource"/>: every instance on the
/// database waits for it, and the server releases it if the instance holding it dies.
/// </summary>
public sealed class PostgresStateStore(PostgresDatabase database, TimeProvider time) : IStateStore
{
    /// <summary>First half of the two-key advisory locks of turns (the second is the hash of the state key).</summary>
    public const int TurnLockClass = 0x5342;

    public async Task<string?> LoadAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT json FROM state WHERE key = $1", connection);
        command.Parameters.Add(Text(key));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SaveAsync(string key, string json, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Save(connection, null, key, json);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM state WHERE key = $1", connection);
        command.Parameters.Add(Text(key));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> TryMarkProcessedAsync(string activityKey, CancellationToken cancellationToken = default) =>
        TryMarkProcessedAsync(activityKey, "[]", cancellationToken);

    public async Task<bool> TryMarkProcessedAsync(string activityKey, string repliesJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Mark(connection, null, activityKey, repliesJson);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> FindProcessedAsync(string activityKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT coalesce(replies, '[]') FROM processed_activities WHERE key = $1", connection);
        command.Parameters.Add(Text(activityKey));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task CommitTurnAsync(string key, string json, string activityKey, string repliesJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var save = Save(connection, transaction, key, json))
        {
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mark = Mark(connection, transaction, activityKey, repliesJson))
        {
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken = default)
    {
        var connection = await database.LockSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1, hashtext($2))", connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = TurnLockClass });
            command.Parameters.Add(Text(key));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM processed_activities WHERE processed_at < $1", connection);
        command.Parameters.Add(Instant(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Save(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, string json)
    {
        var command = new NpgsqlCommand(
            "INSERT INTO state (key, json, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
            connection,
            transaction);
        command.Parameters.Add(Text(key));
        command.Parameters.Add(Text(json));
        command.Parameters.Add(Instant(time.GetUtcNow()));
        return command;
    }

    private NpgsqlCommand Mark(NpgsqlConnection connection, NpgsqlTransaction? transaction, string activityKey, string repliesJson)
    {
        var command = new NpgsqlCommand(
            "INSERT INTO processed_activities (key, processed_at, replies) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
            connection,
            transaction);
        command.Parameters.Add(Text(activityKey));
        command.Parameters.Add(Instant(time.GetUtcNow()));
        command.Parameters.Add(Text(repliesJson));
        return command;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<DateTimeOffset> Instant(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime() };

    private sealed class Held(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1, hashtext($2))", connection);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = TurnLockClass });
                command.Parameters.Add(Text(key));
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing returns the connection to the pool, whose reset also drops any lock left behind.
                await connection.DisposeAsync();
            }
        }
    }
}
