namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// The schema steps that make several instances behave as one bot (numbered from 101 so that they never take a
/// number the stores' steps need): shared Direct Line conversations, and the NOTIFY that keeps every instance's
/// search index current.
/// </summary>
public static class PostgresInstanceMigrations
{
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(101, "Direct Line conversations and their activities, shared by every instance", """
            CREATE TABLE directline_conversations (
                id text PRIMARY KEY,
                user_id text NOT NULL,
                started boolean NOT NULL DEFAULT false,
                next_seq bigint NOT NULL DEFAULT 0,
                last_ticks bigint NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX ix_directline_conversations_updated_at ON directline_conversations (updated_at);
            CREATE TABLE directline_activities (
                conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
                seq bigint NOT NULL,
                json bytea NOT NULL,
                PRIMARY KEY (conversation_id, seq));
            """),
        new(102, "speakers: NOTIFY speakerbot_speakers with each id written or removed", """
            CREATE FUNCTION speakerbot_notify_speaker() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    PERFORM pg_notify('speakerbot_speakers', OLD.id);
                ELSE
                    PERFORM pg_notify('speakerbot_speakers', NEW.id);
                END IF;
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER speakers_notify AFTER INSERT OR UPDATE OR DELETE ON speakers
                FOR EACH ROW EXECUTE FUNCTION speakerbot_notify_speaker();
            """),
    ];
}
