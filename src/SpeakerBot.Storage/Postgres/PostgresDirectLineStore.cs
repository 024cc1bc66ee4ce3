using Npgsql;
using NpgsqlTypes;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Direct Line conversations every instance shares. Appends lock the conversation's row, take its next number and
/// commit in that order, so every reader sees a gap-free transcript; the NOTIFY sent with the commit tells the
/// instance holding the client's WebSocket or long-poll to read it.
/// </summary>
public sealed class PostgresDirectLineStore : IDirectLineStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDirectLineStore(NpgsqlDataSource dataSource, PostgresNotifications notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _dataSource = dataSource;
        notifications.Subscribe(PostgresNotifications.DirectLineChannel, id => Appended?.Invoke(this, id));
    }

    public event EventHandler<string?>? Appended;

    public async Task<DirectLineRecord> CreateAsync(string conversationId, string userId, CancellationToken cancellationToken = default)
    {
        await using (var insert = _dataSource.CreateCommand("INSERT INTO directline_conversations (id, user_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING"))
        {
            insert.Parameters.Add(Text(conversationId));
            insert.Parameters.Add(Text(userId));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await FindAsync(conversationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Direct Line conversation {conversationId} vanished right after it was created.");
    }

    public async Task<DirectLineRecord?> FindAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT user_id, started, next_seq FROM directline_conversations WHERE id = $1");
        command.Parameters.Add(Text(conversationId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DirectLineRecord(conversationId, reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2))
            : null;
    }

    public async Task<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("UPDATE directline_conversations SET started = true, updated_at = now() WHERE id = $1 AND NOT started");
        command.Parameters.Add(Text(conversationId));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<long> AppendAsync(string conversationId, Func<long, long, (byte[] Json, long TimestampTicks)> stamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long seq;
        long previousTicks;
        await using (var next = new NpgsqlCommand("UPDATE directline_conversations SET next_seq = next_seq + 1, updated_at = now() WHERE id = $1 RETURNING next_seq - 1, last_ticks", connection, transaction))
        {
            next.Parameters.Add(Text(conversationId));
            await using var reader = await next.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"No Direct Line conversation {conversationId} to append to.");
            }

            seq = reader.GetInt64(0);
            previousTicks = reader.GetInt64(1);
        }

        var (json, ticks) = stamp(seq, previousTicks);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var insert = new NpgsqlBatchCommand("INSERT INTO directline_activities (conversation_id, seq, json) VALUES ($1, $2, $3)");
            insert.Parameters.Add(Text(conversationId));
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Bytea });
            var last = new NpgsqlBatchCommand("UPDATE directline_conversations SET last_ticks = $2 WHERE id = $1");
            last.Parameters.Add(Text(conversationId));
            last.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ticks });
            var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{PostgresNotifications.DirectLineChannel}', $1)");
            notify.Parameters.Add(Text(conversationId));
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(last);
            batch.BatchCommands.Add(notify);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return seq;
    }

    public async Task<IReadOnlyList<StoredActivity>> ReadAsync(string conversationId, long fromSequence, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT seq, json FROM directline_activities WHERE conversation_id = $1 AND seq >= $2 ORDER BY seq");
        command.Parameters.Add(Text(conversationId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromSequence });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredActivity>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new StoredActivity(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        }

        return rows;
    }

    public async Task<int> ForgetIdleTranscriptsAsync(DateTimeOffset idleSince, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM directline_activities a USING directline_conversations c WHERE a.conversation_id = c.id AND c.updated_at < $1");
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = idleSince.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };
}
