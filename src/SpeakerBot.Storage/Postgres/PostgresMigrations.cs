namespace SpeakerBot.Storage.Postgres;

/// <summary>One step of the PostgreSQL schema: applied once, in version order, in its own transaction.</summary>
public sealed record PostgresMigration(int Version, string Description, string Sql);

/// <summary>
/// The whole PostgreSQL schema as an ordered list. To change the schema, APPEND a step with the next version;
/// never edit or renumber a step that was released (databases already recorded it in schema_version).
/// </summary>
public static class PostgresMigrations
{
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(1, "directory: speakers", """
            CREATE TABLE speakers (
                id text PRIMARY KEY,
                first_name text NOT NULL,
                last_name text NOT NULL,
                headline text NOT NULL,
                employer text,
                sector text NOT NULL,
                region text NOT NULL,
                department text,
                city text,
                lat double precision,
                lon double precision,
                topics text NOT NULL,
                formats text NOT NULL,
                audiences text NOT NULL,
                languages text NOT NULL,
                network text,
                bio text,
                photo_url text,
                email text,
                phone text,
                monthly_cap integer NOT NULL,
                status text NOT NULL,
                availability text NOT NULL,
                updated_at timestamptz);
            CREATE INDEX ix_speakers_status ON speakers (status);
            CREATE INDEX ix_speakers_sector_region ON speakers (sector, region);
            """),
        new(2, "conversation state and processed activities", """
            CREATE TABLE state (key text PRIMARY KEY, json text NOT NULL, updated_at timestamptz NOT NULL);
            CREATE INDEX ix_state_updated_at ON state (updated_at);
            CREATE TABLE processed_activities (key text PRIMARY KEY, processed_at timestamptz NOT NULL, replies text);
            CREATE INDEX ix_processed_activities_at ON processed_activities (processed_at);
            """),
        new(3, "bookings, slots, reference counters, outbox, used tokens, secrets", """
            CREATE TABLE bookings (
                reference text PRIMARY KEY,
                kind text NOT NULL,
                status text NOT NULL,
                requester_user_key text NOT NULL,
                requester_email text NOT NULL,
                date date NOT NULL,
                starts_at timestamptz NOT NULL,
                idempotency_key text NOT NULL UNIQUE,
                version integer NOT NULL,
                json text NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL);
            CREATE INDEX ix_bookings_requester ON bookings (requester_user_key);
            CREATE INDEX ix_bookings_status ON bookings (status);
            CREATE TABLE booking_slots (
                reference text NOT NULL REFERENCES bookings (reference),
                seat integer NOT NULL,
                speaker_id text NOT NULL,
                date date NOT NULL,
                start_minute integer NOT NULL,
                end_minute integer NOT NULL,
                PRIMARY KEY (reference, seat));
            CREATE UNIQUE INDEX ux_booking_slots_speaker_start ON booking_slots (speaker_id, date, start_minute);
            CREATE TABLE booking_reference_counters (prefix text NOT NULL, year integer NOT NULL, last bigint NOT NULL, PRIMARY KEY (prefix, year));
            CREATE TABLE booking_outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key text NOT NULL UNIQUE,
                booking_reference text,
                to_address text NOT NULL,
                to_name text,
                subject text NOT NULL,
                body text NOT NULL,
                calendar text,
                language text NOT NULL,
                tag text,
                due_at timestamptz NOT NULL,
                state text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                claimed_until timestamptz,
                sent_at timestamptz,
                last_error text,
                created_at timestamptz NOT NULL);
            CREATE INDEX ix_booking_outbox_due ON booking_outbox (state, due_at);
            CREATE INDEX ix_booking_outbox_reference ON booking_outbox (booking_reference);
            CREATE TABLE booking_used_tokens (id text PRIMARY KEY, used_at timestamptz NOT NULL);
            CREATE TABLE booking_secrets (name text PRIMARY KEY, value text NOT NULL);
            """),
        new(4, "coordinators with token hashes, audit log", """
            CREATE TABLE coordinators (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email text NOT NULL,
                role text NOT NULL,
                regions text NOT NULL,
                token_hash bytea NOT NULL,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz);
            CREATE INDEX ix_coordinators_email ON coordinators (email);
            CREATE TABLE audit_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                actor text NOT NULL,
                action text NOT NULL,
                target text NOT NULL,
                at timestamptz NOT NULL,
                before_json text,
                after_json text);
            CREATE INDEX ix_audit_log_target ON audit_log (target);
            """),
        .. PostgresInstanceMigrations.All,
    ];
}
