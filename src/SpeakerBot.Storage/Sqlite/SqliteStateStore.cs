using System.Globalization;
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

    public async Task<bool> TryMarkProcessedAsync(string activityKey, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO processed_activities (key, processed_at) VALUES ($key, $at)";
        command.Parameters.AddWithValue("$key", activityKey);
        command.Parameters.AddWithValue("$at", Now());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
