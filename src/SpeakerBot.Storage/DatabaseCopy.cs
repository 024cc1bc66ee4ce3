using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Storage;

/// <summary>How many rows one table had in the source and has in the target after a copy.</summary>
public sealed record CopiedTable(string Table, string Holds, long Source, long Target);

/// <summary>The copy cannot start or did not verify; the message says which table or setting, never a password.</summary>
public sealed class DatabaseCopyException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// <c>speakerbot db copy</c>: every table of an SQLite deployment into an empty PostgreSQL database, in one transaction,
/// then the row counts compared table by table (decision 124). Both providers have the same tables and columns; only
/// the types differ (SQLite keeps instants and dates as ISO text), so rows are copied as they are, converted per
/// column to the target's type. Direct Line has nothing to copy on SQLite: its transcripts live in process memory
/// and its conversations' identities are in the state table.
/// </summary>
public static class DatabaseCopy
{
    /// <summary>Every table, parents before children (booking_slots refers to bookings), with what it holds.</summary>
    public static IReadOnlyList<(string Table, string Holds)> Tables { get; } =
    [
        ("speakers", "speakers"),
        ("state", "conversation state"),
        ("processed_activities", "processed activities"),
        ("bookings", "bookings"),
        ("booking_slots", "booked slots"),
        ("booking_reference_counters", "reference counters"),
        ("booking_outbox", "outbox mails"),
        ("booking_used_tokens", "used links"),
        ("booking_secrets", "secrets"),
        ("coordinators", "coordinators"),
        ("audit_log", "audit lines"),
    ];

    /// <summary>
    /// Copies <paramref name="sqlitePath"/> into <paramref name="target"/> (already migrated). Refuses when the source
    /// file is missing or any target table has a row. Nothing is written unless every table copied.
    /// </summary>
    public static async Task<IReadOnlyList<CopiedTable>> CopyAsync(string sqlitePath, NpgsqlDataSource target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(sqlitePath))
        {
            throw new DatabaseCopyException($"--from: the SQLite file {Path.GetFullPath(sqlitePath)} does not exist.");
        }

        var source = new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var from = new SqliteConnection(source);
        await from.OpenAsync(cancellationToken);
        await using var to = await target.OpenConnectionAsync(cancellationToken);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);

        var nonEmpty = new List<string>();
        foreach (var (table, _) in Tables)
        {
            if (await ScalarAsync(to, transaction, $"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1) t", cancellationToken) > 0)
            {
                nonEmpty.Add(table);
            }
        }

        if (nonEmpty.Count > 0)
        {
            throw new DatabaseCopyException($"--to: the PostgreSQL database is not empty ({string.Join(", ", nonEmpty)} already have rows); copy into a new database.");
        }

        var counts = new List<CopiedTable>();
        foreach (var (table, holds) in Tables)
        {
            var copied = await CopyTableAsync(from, to, transaction, table, cancellationToken);
            var written = await ScalarAsync(to, transaction, $"SELECT count(*) FROM {table}", cancellationToken);
            counts.Add(new CopiedTable(table, holds, copied, written));
        }

        if (counts.FirstOrDefault(c => c.Source != c.Target) is { } wrong)
        {
            throw new DatabaseCopyException($"{wrong.Table}: {wrong.Source} rows read but {wrong.Target} in the target; nothing was copied.");
        }

        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection from, NpgsqlConnection to, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        var sourceColumns = await SourceColumnsAsync(from, table, cancellationToken);
        if (sourceColumns.Count == 0)
        {
            return 0;
        }

        var targetTypes = await TargetColumnsAsync(to, transaction, table, cancellationToken);
        var columns = sourceColumns.Where(targetTypes.ContainsKey).ToList();
        var identity = await ScalarAsync(to, transaction, $"SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' AND is_identity = 'YES'", cancellationToken) > 0;

        await using var read = from.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var insert = $"INSERT INTO {table} ({string.Join(", ", columns)}) {(identity ? "OVERRIDING SYSTEM VALUE " : string.Empty)}VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";
        long rows = 0;
        var batch = new NpgsqlBatch(to, transaction);
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var command = new NpgsqlBatchCommand(insert);
                for (var i = 0; i < columns.Count; i++)
                {
                    command.Parameters.Add(Convert(table, columns[i], targetTypes[columns[i]], reader.IsDBNull(i) ? null : reader.GetValue(i)));
                }

                batch.BatchCommands.Add(command);
                rows++;
                if (batch.BatchCommands.Count == 500)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                    await batch.DisposeAsync();
                    batch = new NpgsqlBatch(to, transaction);
                }
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await batch.DisposeAsync();
        }

        if (identity && rows > 0)
        {
            // The next coordinator, audit line or mail continues after the copied ids.
            await ScalarAsync(to, transaction, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))", cancellationToken);
        }

        return rows;
    }

    private static NpgsqlParameter Convert(string table, string column, string type, object? value)
    {
        try
        {
            return (type, value) switch
            {
                (_, null) => new NpgsqlParameter { Value = DBNull.Value },
                ("timestamp with time zone", string text) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime() },
                ("date", string text) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) },
                ("integer", _) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = System.Convert.ToInt32(value, CultureInfo.InvariantCulture) },
                ("bigint", _) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = System.Convert.ToInt64(value, CultureInfo.InvariantCulture) },
                ("double precision", _) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = System.Convert.ToDouble(value, CultureInfo.InvariantCulture) },
                ("boolean", _) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0 },
                ("bytea", byte[] bytes) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = bytes },
                ("text", _) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = System.Convert.ToString(value, CultureInfo.InvariantCulture)! },
                _ => throw new FormatException($"no conversion from {value.GetType().Name} to {type}"),
            };
        }
        catch (FormatException e)
        {
            throw new DatabaseCopyException($"{table}.{column}: the value '{value}' cannot be stored as {type} ({e.Message}); nothing was copied.", e);
        }
    }

    private static async Task<List<string>> SourceColumnsAsync(SqliteConnection from, string table, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using var command = from.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task<Dictionary<string, string>> TargetColumnsAsync(NpgsqlConnection to, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", to, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? System.Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }
}
