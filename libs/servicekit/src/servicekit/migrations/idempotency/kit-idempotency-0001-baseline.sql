-- An API's answers to writes, by the caller's Idempotency-Key.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    caller text NOT NULL, key text NOT NULL, request_hash text NOT NULL,
    status int, body bytea, content_type text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
