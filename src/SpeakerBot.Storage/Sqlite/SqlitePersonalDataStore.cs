using System.Globalization;
using Microsoft.Data.Sqlite;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Privacy;

namespace SpeakerBot.Storage.Sqlite;

/// <summary>
/// Person-level search and purge over the outbox, state and audit tables of the shared database file. Rows are
/// matched in C# rather than with LIKE: SQLite only folds ASCII case, and names carry accents.
/// </summary>
public sealed class SqlitePersonalDataStore : IPersonalDataStore
{
    /// <summary>What replaces an erased audit snapshot.</summary>
    public const string ErasedSnapshot = "{\"erased\":true}";

    private readonly SqliteDatabase _database;

    public SqlitePersonalDataStore(SqliteDatabase database, IBookingStore bookings, IStateStore state, ICoordinatorStore coordinators)
    {
        // The three stores are taken only so that their tables exist (each migrates its own area) before any query here.
        ArgumentNullException.ThrowIfNull(bookings);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(coordinators);
        _database = database;
    }

    public async Task<IReadOnlyList<StoredMail>> FindMailsAsync(IReadOnlyCollection<string> needles, IReadOnlyCollection<string> bookingReferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needles);
        ArgumentNullException.ThrowIfNull(bookingReferences);
        var references = bookingReferences.ToHashSet(StringComparer.Ordinal);
        var found = new List<StoredMail>();
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, key, booking_reference, to_address, to_name, subject, body, calendar, state, created_at, sent_at FROM booking_outbox ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var reference = reader.IsDBNull(2) ? null : reader.GetString(2);
            var texts = new[] { reader.GetString(3), Text(reader, 4), reader.GetString(5), reader.GetString(6), Text(reader, 7) };
            if ((reference is not null && references.Contains(reference)) || texts.Any(t => Mentions(t, needles)))
            {
                found.Add(new StoredMail(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reference,
                    reader.GetString(3),
                    Text(reader, 4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.GetString(8),
                    Instant(reader.GetString(9)),
                    reader.IsDBNull(10) ? null : Instant(reader.GetString(10))));
            }
        }

        return found;
    }

    public async Task<int> DeleteMailsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return await DeleteWhereAsync("booking_outbox", "id", ids.Cast<object>(), cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDocument>> FindStateAsync(IReadOnlyCollection<string> needles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needles);
        var found = new List<StoredDocument>();
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, json, updated_at FROM state ORDER BY key";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            var json = reader.GetString(1);
            if (Mentions(key, needles) || Mentions(json, needles))
            {
                found.Add(new StoredDocument(key, json, Instant(reader.GetString(2))));
            }
        }

        return found;
    }

    public async Task<int> DeleteStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return await DeleteWhereAsync("state", "key", keys, cancellationToken);
    }

    public Task<int> DeleteStateOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        DeleteStateOlderThanAsync(cutoff, [], cancellationToken);

    public async Task<int> DeleteStateOlderThanAsync(DateTimeOffset cutoff, IReadOnlyCollection<string> keepPrefixes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keepPrefixes);
        var stale = new List<string>();
        await using (var connection = _database.Open())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key, updated_at FROM state";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // Timestamps are round-trip strings with offsets, so compare instants, not text.
                var key = reader.GetString(0);
                if (Instant(reader.GetString(1)) < cutoff && !keepPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                {
                    stale.Add(key);
                }
            }
        }

        return await DeleteWhereAsync("state", "key", stale, cancellationToken);
    }

    public async Task<int> ScrubAuditAsync(string? target, IReadOnlyCollection<string> needles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needles);
        var ids = new List<long>();
        await using var connection = _database.Open();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, target, before_json, after_json FROM audit_log";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if ((target is not null && reader.GetString(1) == target) || Mentions(Text(reader, 2), needles) || Mentions(Text(reader, 3), needles))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var id in ids)
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE audit_log SET before_json = CASE WHEN before_json IS NULL THEN NULL ELSE $erased END, after_json = CASE WHEN after_json IS NULL THEN NULL ELSE $erased END WHERE id = $id";
            update.Parameters.AddWithValue("$erased", ErasedSnapshot);
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        // Deleted rows survive in free pages and in the write-ahead log until rewritten: VACUUM rebuilds the
        // file, and the truncating checkpoints empty the log before and after.
        await using var connection = _database.Open();
        foreach (var sql in new[] { "PRAGMA wal_checkpoint(TRUNCATE);", "VACUUM;", "PRAGMA wal_checkpoint(TRUNCATE);" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<int> DeleteWhereAsync<T>(string table, string column, IEnumerable<T> values, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var connection = _database.Open();
        await using (var secure = connection.CreateCommand())
        {
            secure.CommandText = "PRAGMA secure_delete=ON;";
            await secure.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var value in values)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {table} WHERE {column} = $value";
            delete.Parameters.AddWithValue("$value", value);
            count += await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private static bool Mentions(string? text, IReadOnlyCollection<string> needles) =>
        text is not null && needles.Any(n => n.Length > 0 && text.Contains(n, StringComparison.OrdinalIgnoreCase));

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
