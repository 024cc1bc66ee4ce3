using System.Globalization;
using Microsoft.Data.Sqlite;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Sqlite;

public sealed class SqliteStateStore : IStateStore
{
    private static readonly Migration[] Migrations =
    [
        new(1, "state documents and processed activities", """
            CREATE TABLE state (key TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE processed_activities (key TEXT PRIMARY KEY, processed_at TEXT NOT NULL);
            """),
        new(2, "replies recorded with processed activities; expiry by age", """
            ALTER TABLE processed_activities ADD COLUMN replies TEXT;
            CREATE INDEX processed_activities_at ON processed_activities (processed_at);
            """),
    ];

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteStateStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.Migrate("state", Migrations);
    }

    public async Task<string?> LoadAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SaveAsync(string key, string json, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO state (key, json, updated_at) VALUES ($key, $json, $at) ON CONFLICT(key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$json", json);
        command.Parameters.AddWithValue("$at", Now());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> TryMarkProcessedAsync(string activityKey, CancellationToken cancellationToken = default) =>
        TryMarkProcessedAsync(activityKey, "[]", cancellationToken);

    public async Task<bool> TryMarkProcessedAsync(string activityKey, string repliesJson, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Mark(connection, activityKey, repliesJson);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> FindProcessedAsync(string activityKey, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(replies, '[]') FROM processed_activities WHERE key = $key";
        command.Parameters.AddWithValue("$key", activityKey);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task CommitTurnAsync(string key, string json, string activityKey, string repliesJson, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        await using (var save = connection.CreateCommand())
        {
            save.Transaction = transaction;
            save.CommandText = "INSERT INTO state (key, json, updated_at) VALUES ($key, $json, $at) ON CONFLICT(key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at";
            save.Parameters.AddWithValue("$key", key);
            save.Parameters.AddWithValue("$json", json);
            save.Parameters.AddWithValue("$at", Now());
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mark = Mark(connection, activityKey, repliesJson))
        {
            mark.Transaction = transaction;
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
    }

    public async Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken = default) =>
        new Held(await _database.TurnLocks.AcquireAsync(key, cancellationToken).ConfigureAwait(false));

    public async Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        // Marks are written by Now(): UTC round-trip strings, so text order is time order and the index serves.
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM processed_activities WHERE processed_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private SqliteCommand Mark(SqliteConnection connection, string activityKey, string repliesJson)
    {
        var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO processed_activities (key, processed_at, replies) VALUES ($key, $at, $replies)";
        command.Parameters.AddWithValue("$key", activityKey);
        command.Parameters.AddWithValue("$at", Now());
        command.Parameters.AddWithValue("$replies", repliesJson);
        return command;
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private sealed class Held(IDisposable releaser) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            releaser.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
