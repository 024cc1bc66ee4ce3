using System.Globalization;
using System.Text.Json;
using Npgsql;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Bookings on PostgreSQL, shared by every instance. Each write takes one transaction-scoped advisory lock first, so
/// writes are serialised across instances exactly as SQLite's BEGIN IMMEDIATE serialises them in one file: the rules
/// run against every committed booking and nobody slips in between check and insert. The unique slot index and the
/// unique idempotency key stay the last line of defence. Mails are claimed with FOR UPDATE SKIP LOCKED and a lease.
/// </summary>
public sealed class PostgresBookingStore(PostgresDatabase database, TimeProvider time) : IBookingStore
{
    /// <summary>The advisory lock key every booking write holds until it commits ("sb-book" in ASCII).</summary>
    public const long WriteLockKey = 0x73622d626f6f6b;

    private static readonly BookingRefusal ChangedMeanwhile = new(
        "changed-meanwhile",
        "Cette réservation vient d'être modifiée par ailleurs ; rechargez-la et réessayez.",
        "This booking was just changed elsewhere; reload it and try again.");

    private const string MailColumns = "id, key, booking_reference, to_address, to_name, subject, body, calendar, language, tag, due_at, attempts";

    public async Task<BookingWriteResult> CreateAsync(
        Booking draft,
        string idempotencyKey,
        Func<IBookingTransactionView, BookingRefusal?> check,
        Func<Booking, IReadOnlyList<OutboxMessage>> mails,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(mails);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginSerialisedAsync(connection, cancellationToken);
        var replayed = await ReadBookingAsync(connection, transaction, "idempotency_key", idempotencyKey, cancellationToken);
        if (replayed is not null)
        {
            return new BookingWriteResult(replayed, null, Replayed: true);
        }

        var refusal = check(new TransactionView(connection, transaction));
        if (refusal is not null)
        {
            return new BookingWriteResult(null, refusal);
        }

        var now = time.GetUtcNow();
        var prefix = Booking.PrefixOf(draft.Kind);
        long number;
        await using (var next = new NpgsqlCommand("""
            INSERT INTO booking_reference_counters (prefix, year, last) VALUES ($1, $2, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last = booking_reference_counters.last + 1
            RETURNING last
            """, connection, transaction).With(Param.Text(prefix), Param.Int(now.Year)))
        {
            number = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        var booking = draft with
        {
            Reference = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{now.Year}-{number:0000}"),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO bookings (reference, kind, status, requester_user_key, requester_email, date, starts_at, version, json, idempotency_key, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
            """, connection, transaction).With([.. Bind(booking), Param.Text(idempotencyKey), Param.Instant(now)]))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!await TryWriteSlotsAsync(connection, transaction, booking, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return new BookingWriteResult(null, SqliteBookingStore.SlotTaken);
        }

        await WriteMailsAsync(connection, transaction, mails(booking), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BookingWriteResult(booking, null);
    }

    public async Task<BookingWriteResult> UpdateAsync(
        string reference,
        Func<Booking, IBookingTransactionView, BookingChange> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginSerialisedAsync(connection, cancellationToken);
        var current = await ReadBookingAsync(connection, transaction, "reference", reference, cancellationToken);
        if (current is null)
        {
            return new BookingWriteResult(null, SqliteBookingStore.NotFound(reference));
        }

        var result = change(current, new TransactionView(connection, transaction));
        if (result.Refusal is not null)
        {
            return new BookingWriteResult(current, result.Refusal);
        }

        var now = time.GetUtcNow();
        var updated = current;
        if (result.Updated is not null)
        {
            updated = result.Updated with { Reference = current.Reference, Version = current.Version + 1, UpdatedAt = now };
            await using (var update = new NpgsqlCommand("""
                UPDATE bookings SET kind = $2, status = $3, requester_user_key = $4, requester_email = $5, date = $6,
                    starts_at = $7, version = $8, json = $9, updated_at = $10
                WHERE reference = $1 AND version = $11
                """, connection, transaction).With([.. Bind(updated), Param.Instant(now), Param.Int(current.Version)]))
            {
                // Under the write lock nobody changes the row in between; the version check stays as a second guard.
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new BookingWriteResult(current, ChangedMeanwhile);
                }
            }

            await using (var clear = new NpgsqlCommand("DELETE FROM booking_slots WHERE reference = $1", connection, transaction).With(Param.Text(updated.Reference)))
            {
                await clear.ExecuteNonQueryAsync(cancellationToken);
            }

            if (!await TryWriteSlotsAsync(connection, transaction, updated, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return new BookingWriteResult(current, SqliteBookingStore.SlotTaken);
            }
        }

        foreach (var tag in result.CancelTags)
        {
            await using var cancel = new NpgsqlCommand("UPDATE booking_outbox SET state = 'cancelled' WHERE booking_reference = $1 AND tag = $2 AND state = 'pending'", connection, transaction)
                .With(Param.Text(current.Reference), Param.Text(tag));
            await cancel.ExecuteNonQueryAsync(cancellationToken);
        }

        await WriteMailsAsync(connection, transaction, result.Mails, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BookingWriteResult(updated, null);
    }

    public async Task<Booking?> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadBookingAsync(connection, null, "reference", reference.Trim().ToUpperInvariant(), cancellationToken);
    }

    public async Task<IReadOnlyList<Booking>> ListForSpeakerAsync(string speakerId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return ReadSpeakerBookings(connection, null, speakerId, from, to);
    }

    public async Task<IReadOnlyList<Booking>> ListForRequesterAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT json FROM bookings WHERE requester_user_key = $1 ORDER BY starts_at, reference", connection).With(Param.Text(userKey));
        return ReadMany(command);
    }

    public async Task<IReadOnlyList<Booking>> ListByStatusAsync(BookingStatus status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT json FROM bookings WHERE status = $1 ORDER BY starts_at, reference", connection).With(Param.Text(SqliteBookingStore.StatusText(status)));
        return ReadMany(command);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueMailsAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        // SKIP LOCKED: a sender never waits for, nor takes, the mails another sender is claiming at this moment; the
        // lease (claimed_until) then keeps them away from every sender until it ends, e.g. because their sender died.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE booking_outbox o SET claimed_until = $3
            FROM (SELECT id FROM booking_outbox
                  WHERE state = 'pending' AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                  ORDER BY due_at, id LIMIT $2
                  FOR UPDATE SKIP LOCKED) c
            WHERE o.id = c.id
            RETURNING {string.Join(", ", MailColumns.Split(", ").Select(c => "o." + c))}
            """, connection).With(Param.Instant(now), Param.Int(max), Param.Instant(now + lease));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(ReadMail(reader));
        }

        return [.. claimed.OrderBy(m => m.DueAt).ThenBy(m => m.Id)];
    }

    public async Task MarkMailSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("UPDATE booking_outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, claimed_until = NULL WHERE id = $2 AND state = 'pending'", connection)
            .With(Param.Instant(at), Param.Long(id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkMailFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = retryAt is null
            ? new NpgsqlCommand("UPDATE booking_outbox SET state = 'failed', last_error = $1, attempts = attempts + 1, claimed_until = NULL WHERE id = $2 AND state = 'pending'", connection)
                .With(Param.Text(error), Param.Long(id))
            : new NpgsqlCommand("UPDATE booking_outbox SET due_at = $3, last_error = $1, attempts = attempts + 1, claimed_until = NULL WHERE id = $2 AND state = 'pending'", connection)
                .With(Param.Text(error), Param.Long(id), Param.Instant(retryAt.Value));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListMailsAsync(string bookingReference, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {MailColumns} FROM booking_outbox WHERE booking_reference = $1 AND state <> 'cancelled' ORDER BY due_at, id", connection)
            .With(Param.Text(bookingReference));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var mails = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // As on SQLite: the list shows what is sent, not to whom by name.
            mails.Add(ReadMail(reader) with { ToName = null });
        }

        return mails;
    }

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> mails, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mails);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteMailsAsync(connection, transaction, mails, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<BookingStoreSnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var byStatus = Enum.GetValues<BookingStatus>().ToDictionary(s => s, _ => 0);
        var names = byStatus.Keys.ToDictionary(SqliteBookingStore.StatusText, s => s, StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var count = new NpgsqlCommand("SELECT status, COUNT(*)::int FROM bookings GROUP BY status", connection))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (names.TryGetValue(reader.GetString(0), out var status))
                {
                    byStatus[status] = reader.GetInt32(1);
                }
            }
        }

        await using var queue = new NpgsqlCommand("SELECT COUNT(*)::int, MIN(due_at) FROM booking_outbox WHERE state = 'pending' AND due_at <= $1", connection).With(Param.Instant(now));
        await using var row = await queue.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return new BookingStoreSnapshot(byStatus, row.GetInt32(0), row.InstantOrNull(1));
    }

    public async Task<bool> TryConsumeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("INSERT INTO booking_used_tokens (id, used_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", connection)
            .With(Param.Text(tokenId), Param.Instant(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string> GetOrCreateSecretAsync(string name, Func<string> create, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        // The first instance's value wins; a concurrent insert waits for it, then keeps it.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("INSERT INTO booking_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection)
            .With(Param.Text(name), Param.Text(create())))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = new NpgsqlCommand("SELECT value FROM booking_secrets WHERE name = $1", connection).With(Param.Text(name));
        return (string)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<NpgsqlTransaction> BeginSerialisedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({WriteLockKey})", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    private static async Task<bool> TryWriteSlotsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Booking booking, CancellationToken cancellationToken)
    {
        var start = (booking.Start.Hour * 60) + booking.Start.Minute;
        foreach (var seat in booking.ActiveSeats)
        {
            await using var slot = new NpgsqlCommand("INSERT INTO booking_slots (reference, seat, speaker_id, date, start_minute, end_minute) VALUES ($1, $2, $3, $4, $5, $6)", connection, transaction)
                .With(Param.Text(booking.Reference), Param.Int(seat.Number), Param.Text(seat.SpeakerId), Param.Date(booking.Date), Param.Int(start), Param.Int(start + booking.DurationMinutes));
            try
            {
                await slot.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another booking holds this speaker's slot; the rules should have caught it first.
                return false;
            }
        }

        return true;
    }

    private static async Task WriteMailsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> mails, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var mail in mails)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO booking_outbox (key, booking_reference, to_address, to_name, subject, body, calendar, language, tag, due_at, state, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11)
                ON CONFLICT (key) DO NOTHING
                """, connection, transaction).With(
                Param.Text(mail.Key),
                Param.Text(mail.BookingReference),
                Param.Text(mail.To),
                Param.Text(mail.ToName),
                Param.Text(mail.Subject),
                Param.Text(mail.Body),
                Param.Text(mail.Calendar),
                Param.Text(mail.Language),
                Param.Text(mail.Tag),
                Param.Instant(mail.DueAt == default ? now : mail.DueAt),
                Param.Instant(now));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>$1 reference … $9 json, in the order of the UPDATE and INSERT statements above.</summary>
    private static NpgsqlParameter[] Bind(Booking booking) =>
    [
        Param.Text(booking.Reference),
        Param.Text(booking.Kind.ToString()),
        Param.Text(SqliteBookingStore.StatusText(booking.Status)),
        Param.Text(booking.Requester.UserKey),
        Param.Text(booking.Requester.Email.ToLowerInvariant()),
        Param.Date(booking.Date),
        Param.Instant(booking.StartsAt),
        Param.Int(booking.Version),
        Param.Text(SqliteBookingStore.Serialize(booking)),
    ];

    private static async Task<Booking?> ReadBookingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string column, string value, CancellationToken cancellationToken)
    {
        var sql = column == "reference"
            ? "SELECT json FROM bookings WHERE reference = $1"
            : "SELECT json FROM bookings WHERE idempotency_key = $1";
        await using var command = new NpgsqlCommand(sql, connection, transaction).With(Param.Text(value));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<Booking>(json, SqliteBookingStore.Json) : null;
    }

    private static List<Booking> ReadSpeakerBookings(NpgsqlConnection connection, NpgsqlTransaction? transaction, string speakerId, DateOnly from, DateOnly to)
    {
        // Synchronous: the rules read through IBookingTransactionView, whose calls are synchronous, inside the write.
        using var command = new NpgsqlCommand("""
            SELECT b.json FROM bookings b
            WHERE b.reference IN (SELECT s.reference FROM booking_slots s WHERE s.speaker_id = $1 AND s.date BETWEEN $2 AND $3)
            ORDER BY b.starts_at, b.reference
            """, connection, transaction).With(Param.Text(speakerId), Param.Date(from), Param.Date(to));
        return ReadMany(command);
    }

    private static List<Booking> ReadMany(NpgsqlCommand command)
    {
        var bookings = new List<Booking>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            bookings.Add(JsonSerializer.Deserialize<Booking>(reader.GetString(0), SqliteBookingStore.Json)!);
        }

        return bookings;
    }

    private static OutboxMessage ReadMail(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Key = reader.GetString(1),
        BookingReference = reader.TextOrNull(2),
        To = reader.GetString(3),
        ToName = reader.TextOrNull(4),
        Subject = reader.GetString(5),
        Body = reader.GetString(6),
        Calendar = reader.TextOrNull(7),
        Language = reader.GetString(8),
        Tag = reader.TextOrNull(9),
        DueAt = reader.Instant(10),
        Attempts = reader.GetInt32(11),
    };

    private sealed class TransactionView(NpgsqlConnection connection, NpgsqlTransaction transaction) : IBookingTransactionView
    {
        public IReadOnlyList<Booking> ActiveBookingsOfSpeaker(string speakerId, DateOnly from, DateOnly to) =>
            ReadSpeakerBookings(connection, transaction, speakerId, from, to);
    }
}
