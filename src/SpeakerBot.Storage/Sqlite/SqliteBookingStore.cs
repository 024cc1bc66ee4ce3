using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Sqlite;

/// <summary>
/// Bookings as JSON documents with the columns the queries need. Every write runs in a BEGIN IMMEDIATE
/// transaction, so the checks made inside it see every committed booking and no other writer can slip in
/// between check and insert; the unique slot index is the last line of defence against a double booking.
/// </summary>
public sealed class SqliteBookingStore : IBookingStore
{
    private static readonly Migration[] Migrations =
    [
        new(1, "bookings, slots, reference counters, outbox, used tokens, secrets", """
            CREATE TABLE bookings (
                reference TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                requester_user_key TEXT NOT NULL,
                requester_email TEXT NOT NULL,
                date TEXT NOT NULL,
                starts_at TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                version INTEGER NOT NULL,
                json TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE INDEX ix_bookings_requester ON bookings(requester_user_key);
            CREATE INDEX ix_bookings_status ON bookings(status);
            CREATE TABLE booking_slots (
                reference TEXT NOT NULL REFERENCES bookings(reference),
                seat INTEGER NOT NULL,
                speaker_id TEXT NOT NULL,
                date TEXT NOT NULL,
                start_minute INTEGER NOT NULL,
                end_minute INTEGER NOT NULL,
                PRIMARY KEY (reference, seat));
            CREATE UNIQUE INDEX ux_booking_slots_speaker_start ON booking_slots(speaker_id, date, start_minute);
            CREATE TABLE booking_reference_counters (prefix TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (prefix, year));
            CREATE TABLE booking_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT NOT NULL UNIQUE,
                booking_reference TEXT,
                to_address TEXT NOT NULL,
                to_name TEXT,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                calendar TEXT,
                language TEXT NOT NULL,
                tag TEXT,
                due_at TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                claimed_until TEXT,
                sent_at TEXT,
                last_error TEXT,
                created_at TEXT NOT NULL);
            CREATE INDEX ix_booking_outbox_due ON booking_outbox(state, due_at);
            CREATE INDEX ix_booking_outbox_reference ON booking_outbox(booking_reference);
            CREATE TABLE booking_used_tokens (id TEXT PRIMARY KEY, used_at TEXT NOT NULL);
            CREATE TABLE booking_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            """),
    ];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteBookingStore(SqliteDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
        _database.Migrate("bookings", Migrations);
    }

    public Task<BookingWriteResult> CreateAsync(
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
        cancellationToken.ThrowIfCancellationRequested();

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var replayed = ReadBooking(connection, transaction, "idempotency_key", idempotencyKey);
        if (replayed is not null)
        {
            return Task.FromResult(new BookingWriteResult(replayed, null, Replayed: true));
        }

        var refusal = check(new TransactionView(connection, transaction));
        if (refusal is not null)
        {
            return Task.FromResult(new BookingWriteResult(null, refusal));
        }

        var now = _time.GetUtcNow();
        var prefix = Booking.PrefixOf(draft.Kind);
        // The reference carries the year the request was made (taxonomy.md), not the year of the event.
        var number = NextNumber(connection, transaction, prefix, now.Year);
        var booking = draft with
        {
            Reference = BookingReference.Format(prefix, now.Year, number),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO bookings (reference, kind, status, requester_user_key, requester_email, date, starts_at, idempotency_key, version, json, created_at, updated_at)
                VALUES ($reference, $kind, $status, $user, $email, $date, $starts, $key, $version, $json, $at, $at)
                """;
            BindBooking(insert, booking);
            insert.Parameters.AddWithValue("$key", idempotencyKey);
            insert.Parameters.AddWithValue("$at", Format(now));
            insert.ExecuteNonQuery();
        }

        if (!TryWriteSlots(connection, transaction, booking))
        {
            transaction.Rollback();
            return Task.FromResult(new BookingWriteResult(null, SlotTaken));
        }

        WriteMails(connection, transaction, mails(booking), now);
        transaction.Commit();
        return Task.FromResult(new BookingWriteResult(booking, null));
    }

    public Task<BookingWriteResult> UpdateAsync(
        string reference,
        Func<Booking, IBookingTransactionView, BookingChange> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = ReadBooking(connection, transaction, "reference", reference);
        if (current is null)
        {
            return Task.FromResult(new BookingWriteResult(null, NotFound(reference)));
        }

        var result = change(current, new TransactionView(connection, transaction));
        if (result.Refusal is not null)
        {
            return Task.FromResult(new BookingWriteResult(current, result.Refusal));
        }

        var now = _time.GetUtcNow();
        var updated = current;
        if (result.Updated is not null)
        {
            updated = result.Updated with { Reference = current.Reference, Version = current.Version + 1, UpdatedAt = now };
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE bookings SET kind = $kind, status = $status, requester_user_key = $user, requester_email = $email, date = $date,
                    starts_at = $starts, version = $version, json = $json, updated_at = $at
                WHERE reference = $reference AND version = $expected
                """;
            BindBooking(update, updated);
            update.Parameters.AddWithValue("$at", Format(now));
            update.Parameters.AddWithValue("$expected", current.Version);
            update.ExecuteNonQuery();

            using var clear = connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM booking_slots WHERE reference = $reference";
            clear.Parameters.AddWithValue("$reference", updated.Reference);
            clear.ExecuteNonQuery();
            if (!TryWriteSlots(connection, transaction, updated))
            {
                transaction.Rollback();
                return Task.FromResult(new BookingWriteResult(current, SlotTaken));
            }
        }

        foreach (var tag in result.CancelTags)
        {
            using var cancel = connection.CreateCommand();
            cancel.Transaction = transaction;
            cancel.CommandText = "UPDATE booking_outbox SET state = 'cancelled' WHERE booking_reference = $reference AND tag = $tag AND state = 'pending'";
            cancel.Parameters.AddWithValue("$reference", current.Reference);
            cancel.Parameters.AddWithValue("$tag", tag);
            cancel.ExecuteNonQuery();
        }

        WriteMails(connection, transaction, result.Mails, now);
        transaction.Commit();
        return Task.FromResult(new BookingWriteResult(updated, null));
    }

    public Task<Booking?> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        return Task.FromResult(ReadBooking(connection, null, "reference", reference.Trim().ToUpperInvariant()));
    }

    public Task<IReadOnlyList<Booking>> ListForSpeakerAsync(string speakerId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        return Task.FromResult(ReadSpeakerBookings(connection, null, speakerId, from, to));
    }

    public Task<IReadOnlyList<Booking>> ListForRequesterAsync(string userKey, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM bookings WHERE requester_user_key = $user ORDER BY starts_at";
        command.Parameters.AddWithValue("$user", userKey);
        return Task.FromResult<IReadOnlyList<Booking>>(ReadMany(command));
    }

    public Task<IReadOnlyList<Booking>> ListByStatusAsync(BookingStatus status, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM bookings WHERE status = $status ORDER BY starts_at";
        command.Parameters.AddWithValue("$status", StatusText(status));
        return Task.FromResult<IReadOnlyList<Booking>>(ReadMany(command));
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimDueMailsAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var claimed = new List<OutboxMessage>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = """
                SELECT id, key, booking_reference, to_address, to_name, subject, body, calendar, language, tag, due_at, attempts
                FROM booking_outbox
                WHERE state = 'pending' AND due_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                ORDER BY due_at, id LIMIT $max
                """;
            select.Parameters.AddWithValue("$now", Format(now));
            select.Parameters.AddWithValue("$max", max);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                claimed.Add(new OutboxMessage
                {
                    Id = reader.GetInt64(0),
                    Key = reader.GetString(1),
                    BookingReference = reader.IsDBNull(2) ? null : reader.GetString(2),
                    To = reader.GetString(3),
                    ToName = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Subject = reader.GetString(5),
                    Body = reader.GetString(6),
                    Calendar = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Language = reader.GetString(8),
                    Tag = reader.IsDBNull(9) ? null : reader.GetString(9),
                    DueAt = DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture),
                    Attempts = reader.GetInt32(11),
                });
            }
        }

        foreach (var mail in claimed)
        {
            using var claim = connection.CreateCommand();
            claim.Transaction = transaction;
            claim.CommandText = "UPDATE booking_outbox SET claimed_until = $until WHERE id = $id";
            claim.Parameters.AddWithValue("$until", Format(now + lease));
            claim.Parameters.AddWithValue("$id", mail.Id);
            claim.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.FromResult<IReadOnlyList<OutboxMessage>>(claimed);
    }

    public Task MarkMailSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE booking_outbox SET state = 'sent', sent_at = $at, attempts = attempts + 1, claimed_until = NULL WHERE id = $id AND state = 'pending'";
        command.Parameters.AddWithValue("$at", Format(at));
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task MarkMailFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = retryAt is null
            ? "UPDATE booking_outbox SET state = 'failed', last_error = $error, attempts = attempts + 1, claimed_until = NULL WHERE id = $id AND state = 'pending'"
            : "UPDATE booking_outbox SET due_at = $retry, last_error = $error, attempts = attempts + 1, claimed_until = NULL WHERE id = $id AND state = 'pending'";
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$id", id);
        if (retryAt is not null)
        {
            command.Parameters.AddWithValue("$retry", Format(retryAt.Value));
        }

        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<BookingStoreSnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        var byStatus = Enum.GetValues<BookingStatus>().ToDictionary(s => s, _ => 0);
        var names = byStatus.Keys.ToDictionary(StatusText, s => s, StringComparer.Ordinal);
        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT status, COUNT(*) FROM bookings GROUP BY status";
            using var reader = count.ExecuteReader();
            while (reader.Read())
            {
                if (names.TryGetValue(reader.GetString(0), out var status))
                {
                    byStatus[status] = reader.GetInt32(1);
                }
            }
        }

        using var queue = connection.CreateCommand();
        queue.CommandText = "SELECT COUNT(*), MIN(due_at) FROM booking_outbox WHERE state = 'pending' AND due_at <= $now";
        queue.Parameters.AddWithValue("$now", Format(now));
        using var row = queue.ExecuteReader();
        row.Read();
        DateTimeOffset? oldest = row.IsDBNull(1) ? null : DateTimeOffset.Parse(row.GetString(1), CultureInfo.InvariantCulture);
        return Task.FromResult(new BookingStoreSnapshot(byStatus, row.GetInt32(0), oldest));
    }

    public Task<IReadOnlyList<OutboxMessage>> ListMailsAsync(string bookingReference, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, key, to_address, subject, body, calendar, language, tag, due_at, attempts, state FROM booking_outbox WHERE booking_reference = $reference AND state <> 'cancelled' ORDER BY due_at, id";
        command.Parameters.AddWithValue("$reference", bookingReference);
        using var reader = command.ExecuteReader();
        var mails = new List<OutboxMessage>();
        while (reader.Read())
        {
            mails.Add(new OutboxMessage
            {
                Id = reader.GetInt64(0),
                Key = reader.GetString(1),
                BookingReference = bookingReference,
                To = reader.GetString(2),
                Subject = reader.GetString(3),
                Body = reader.GetString(4),
                Calendar = reader.IsDBNull(5) ? null : reader.GetString(5),
                Language = reader.GetString(6),
                Tag = reader.IsDBNull(7) ? null : reader.GetString(7),
                DueAt = DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture),
                Attempts = reader.GetInt32(9),
            });
        }

        return Task.FromResult<IReadOnlyList<OutboxMessage>>(mails);
    }

    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> mails, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        WriteMails(connection, transaction, mails, _time.GetUtcNow());
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> TryConsumeTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO booking_used_tokens (id, used_at) VALUES ($id, $at)";
        command.Parameters.AddWithValue("$id", tokenId);
        command.Parameters.AddWithValue("$at", Format(at));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task<string> GetOrCreateSecretAsync(string name, Func<string> create, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO booking_secrets (name, value) VALUES ($name, $value)";
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$value", create());
            insert.ExecuteNonQuery();
        }

        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT value FROM booking_secrets WHERE name = $name";
        select.Parameters.AddWithValue("$name", name);
        var value = (string)select.ExecuteScalar()!;
        transaction.Commit();
        return Task.FromResult(value);
    }

    internal static string Serialize(Booking booking) => JsonSerializer.Serialize(booking, Json);

    internal static readonly BookingRefusal SlotTaken = new(
        "slot-taken",
        "Ce créneau vient d'être pris par une autre demande ; choisissez un autre créneau.",
        "This slot was just taken by another request; please pick another slot.");

    internal static BookingRefusal NotFound(string reference) => new(
        "not-found",
        $"Je ne trouve aucune réservation {reference} ; vérifiez la référence (HD-AAAA-NNNN ou PN-AAAA-NNNN).",
        $"I cannot find any booking {reference}; check the reference (HD-YYYY-NNNN or PN-YYYY-NNNN).");

    private static long NextNumber(SqliteConnection connection, SqliteTransaction transaction, string prefix, int year)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO booking_reference_counters (prefix, year, last) VALUES ($prefix, $year, 1)
            ON CONFLICT(prefix, year) DO UPDATE SET last = last + 1
            RETURNING last
            """;
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$year", year);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static bool TryWriteSlots(SqliteConnection connection, SqliteTransaction transaction, Booking booking)
    {
        foreach (var seat in booking.ActiveSeats)
        {
            using var slot = connection.CreateCommand();
            slot.Transaction = transaction;
            slot.CommandText = "INSERT INTO booking_slots (reference, seat, speaker_id, date, start_minute, end_minute) VALUES ($reference, $seat, $speaker, $date, $start, $end)";
            slot.Parameters.AddWithValue("$reference", booking.Reference);
            slot.Parameters.AddWithValue("$seat", seat.Number);
            slot.Parameters.AddWithValue("$speaker", seat.SpeakerId);
            slot.Parameters.AddWithValue("$date", booking.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            slot.Parameters.AddWithValue("$start", (booking.Start.Hour * 60) + booking.Start.Minute);
            slot.Parameters.AddWithValue("$end", (booking.Start.Hour * 60) + booking.Start.Minute + booking.DurationMinutes);
            try
            {
                slot.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                // SQLITE_CONSTRAINT: another booking holds this speaker's slot; the rules should have caught it first.
                return false;
            }
        }

        return true;
    }

    private static void WriteMails(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OutboxMessage> mails, DateTimeOffset now)
    {
        foreach (var mail in mails)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO booking_outbox (key, booking_reference, to_address, to_name, subject, body, calendar, language, tag, due_at, state, created_at)
                VALUES ($key, $reference, $to, $name, $subject, $body, $calendar, $language, $tag, $due, 'pending', $now)
                """;
            insert.Parameters.AddWithValue("$key", mail.Key);
            insert.Parameters.AddWithValue("$reference", (object?)mail.BookingReference ?? DBNull.Value);
            insert.Parameters.AddWithValue("$to", mail.To);
            insert.Parameters.AddWithValue("$name", (object?)mail.ToName ?? DBNull.Value);
            insert.Parameters.AddWithValue("$subject", mail.Subject);
            insert.Parameters.AddWithValue("$body", mail.Body);
            insert.Parameters.AddWithValue("$calendar", (object?)mail.Calendar ?? DBNull.Value);
            insert.Parameters.AddWithValue("$language", mail.Language);
            insert.Parameters.AddWithValue("$tag", (object?)mail.Tag ?? DBNull.Value);
            insert.Parameters.AddWithValue("$due", Format(mail.DueAt == default ? now : mail.DueAt));
            insert.Parameters.AddWithValue("$now", Format(now));
            insert.ExecuteNonQuery();
        }
    }

    private static void BindBooking(SqliteCommand command, Booking booking)
    {
        command.Parameters.AddWithValue("$reference", booking.Reference);
        command.Parameters.AddWithValue("$kind", booking.Kind.ToString());
        command.Parameters.AddWithValue("$status", StatusText(booking.Status));
        command.Parameters.AddWithValue("$user", booking.Requester.UserKey);
        command.Parameters.AddWithValue("$email", booking.Requester.Email.ToLowerInvariant());
        command.Parameters.AddWithValue("$date", booking.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$starts", Format(booking.StartsAt));
        command.Parameters.AddWithValue("$version", booking.Version);
        command.Parameters.AddWithValue("$json", Serialize(booking));
    }

    private static Booking? ReadBooking(SqliteConnection connection, SqliteTransaction? transaction, string column, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = column == "reference"
            ? "SELECT json FROM bookings WHERE reference = $value"
            : "SELECT json FROM bookings WHERE idempotency_key = $value";
        command.Parameters.AddWithValue("$value", value);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<Booking>(json, Json) : null;
    }

    private static IReadOnlyList<Booking> ReadSpeakerBookings(SqliteConnection connection, SqliteTransaction? transaction, string speakerId, DateOnly from, DateOnly to)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT b.json FROM bookings b
            WHERE b.reference IN (SELECT s.reference FROM booking_slots s WHERE s.speaker_id = $speaker AND s.date BETWEEN $from AND $to)
            ORDER BY b.starts_at
            """;
        command.Parameters.AddWithValue("$speaker", speakerId);
        command.Parameters.AddWithValue("$from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return ReadMany(command);
    }

    private static List<Booking> ReadMany(SqliteCommand command)
    {
        var bookings = new List<Booking>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            bookings.Add(JsonSerializer.Deserialize<Booking>(reader.GetString(0), Json)!);
        }

        return bookings;
    }

    internal static string StatusText(BookingStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static string Format(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private sealed class TransactionView(SqliteConnection connection, SqliteTransaction transaction) : IBookingTransactionView
    {
        public IReadOnlyList<Booking> ActiveBookingsOfSpeaker(string speakerId, DateOnly from, DateOnly to) =>
            ReadSpeakerBookings(connection, transaction, speakerId, from, to);
    }
}
