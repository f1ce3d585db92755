-- Each person's data key, wrapped with the master key; and whose were destroyed.
CREATE TABLE IF NOT EXISTS subject_keys (
    subject_id uuid PRIMARY KEY, wrapped_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS erased_subjects (
    subject_id uuid PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now()
);
