-- How far each relay has got in its service's notification log.
CREATE TABLE IF NOT EXISTS outbox_relay_position (
    relay text PRIMARY KEY,
    notification_id bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
