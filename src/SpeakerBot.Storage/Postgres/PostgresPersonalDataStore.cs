using Npgsql;
using SpeakerBot.Domain.Privacy;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Person-level search and purge over the outbox, state and audit tables on PostgreSQL. Rows are matched in C#, as on
/// SQLite, so both providers fold case (accents included) the same way whatever the server's locale.
/// </summary>
public sealed class PostgresPersonalDataStore(PostgresDatabase database) : IPersonalDataStore
{
    public async Task<IReadOnlyList<StoredMail>> FindMailsAsync(IReadOnlyCollection<string> needles, IReadOnlyCollection<string> bookingReferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needles);
        ArgumentNullException.ThrowIfNull(bookingReferences);
        var references = bookingReferences.ToHashSet(StringComparer.Ordinal);
        var found = new List<StoredMail>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, key, booking_reference, to_address, to_name, subject, body, calendar, state, created_at, sent_at FROM booking_outbox ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var reference = reader.TextOrNull(2);
            var texts = new[] { reader.GetString(3), reader.TextOrNull(4), reader.GetString(5), reader.GetString(6), reader.TextOrNull(7) };
            if ((reference is not null && references.Contains(reference)) || texts.Any(t => Mentions(t, needles)))
            {
                found.Add(new StoredMail(reader.GetInt64(0), reader.GetString(1), reference, reader.GetString(3), reader.TextOrNull(4), reader.GetString(5), reader.GetString(6), reader.GetString(8), reader.Instant(9), reader.InstantOrNull(10)));
            }
        }

        return found;
    }

    public async Task<int> DeleteMailsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM booking_outbox WHERE id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids] });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDocument>> FindStateAsync(IReadOnlyCollection<string> needles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needles);
        var found = new List<StoredDocument>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT key, json, updated_at FROM state ORDER BY key COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            var json = reader.GetString(1);
            if (Mentions(key, needles) || Mentions(json, needles))
            {
                found.Add(new StoredDocument(key, json, reader.Instant(2)));
            }
        }

        return found;
    }

    public async Task<int> DeleteStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM state WHERE key = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys] });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<int> DeleteStateOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        DeleteStateOlderThanAsync(cutoff, [], cancellationToken);

    public async Task<int> DeleteStateOlderThanAsync(DateTimeOffset cutoff, IReadOnlyCollection<string> keepPrefixes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keepPrefixes);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "DELETE FROM state WHERE updated_at < $1 AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS p(prefix) WHERE left(key, length(p.prefix)) = p.prefix)",
            connection).With(Param.Instant(cutoff));
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keepPrefixes] });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> ScrubAuditAsync(string? target, IReadOnlyCollection<string> needles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needles);
        var ids = new List<long>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT id, target, before_json, after_json FROM audit_log", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if ((target is not null && reader.GetString(1) == target) || Mentions(reader.TextOrNull(2), needles) || Mentions(reader.TextOrNull(3), needles))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }
        }

        await using var update = new NpgsqlCommand("""
            UPDATE audit_log SET before_json = CASE WHEN before_json IS NULL THEN NULL ELSE $1 END,
                after_json = CASE WHEN after_json IS NULL THEN NULL ELSE $1 END
            WHERE id = ANY($2)
            """, connection).With(Param.Text(SqlitePersonalDataStore.ErasedSnapshot));
        update.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids] });
        await update.ExecuteNonQueryAsync(cancellationToken);
        return ids.Count;
    }

    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        // Deleted rows stay in the table files until rewritten: VACUUM FULL rewrites the three tables that hold such text
        // (each briefly locked; erasure is rare).
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("VACUUM (FULL) booking_outbox, state, audit_log", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool Mentions(string? text, IReadOnlyCollection<string> needles) =>
        text is not null && needles.Any(n => n.Length > 0 && text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
