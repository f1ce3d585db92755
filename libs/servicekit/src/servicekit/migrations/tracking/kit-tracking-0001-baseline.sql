-- A tracked consumer's tables, beside its read models: the next offset of each partition,
-- the inbox of the event ids applied lately, and the dead letters parked until forwarded.
CREATE TABLE IF NOT EXISTS consumer_offsets (
    group_id text NOT NULL, topic text NOT NULL, partition int NOT NULL,
    next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);
CREATE TABLE IF NOT EXISTS consumer_inbox (
    group_id text NOT NULL, event_id uuid NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, group_id)
);
CREATE INDEX IF NOT EXISTS consumer_inbox_seen ON consumer_inbox (seen_at);
CREATE TABLE IF NOT EXISTS consumer_dead_letters (
    id bigserial PRIMARY KEY, group_id text NOT NULL, dead_letter_topic text NOT NULL,
    topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
    key bytea, value bytea, headers jsonb NOT NULL, reason text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now()
);
