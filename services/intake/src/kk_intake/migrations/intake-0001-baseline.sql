-- Intake's tables as they stood when migrations came in (each IF NOT EXISTS: a database
-- made before then keeps its tables and rows).

-- The audit trail of reads of individual files (who, when, why; refused ones too), and the
-- emergency accesses granted.
CREATE TABLE IF NOT EXISTS file_reads (
    id bigserial PRIMARY KEY, beneficiary_id uuid NOT NULL, read_by text NOT NULL,
    role text NOT NULL, centre_id text, reason text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now(),
    allowed boolean NOT NULL DEFAULT true, read_by_name text
);
CREATE INDEX IF NOT EXISTS file_reads_beneficiary ON file_reads (beneficiary_id, read_at);
CREATE TABLE IF NOT EXISTS broken_glass (
    id bigserial PRIMARY KEY, beneficiary_id uuid NOT NULL, granted_to text NOT NULL,
    granted_to_name text, centre_id text, reason text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(), until timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS broken_glass_file ON broken_glass (beneficiary_id, granted_to);

-- The bulk imports of legacy files.
CREATE TABLE IF NOT EXISTS imports (
    id bigserial PRIMARY KEY, centre_id text NOT NULL, file_sha256 text NOT NULL,
    imported_by text NOT NULL, rows integer NOT NULL, imported integer NOT NULL,
    skipped integer NOT NULL, events integer NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- The registry's centres, holidays and programmes, as intake needs them (intake.registry).
CREATE TABLE IF NOT EXISTS centre_replica (
    centre_id text PRIMARY KEY, municipality_code text NOT NULL, region_code text NOT NULL,
    status text NOT NULL DEFAULT 'operating'
);
CREATE TABLE IF NOT EXISTS local_holiday_replica (
    centre_id text NOT NULL, holiday date NOT NULL, PRIMARY KEY (centre_id, holiday)
);
CREATE TABLE IF NOT EXISTS programme_replica (
    programme_id uuid PRIMARY KEY, closed_on date,
    required_documents text[] NOT NULL DEFAULT '{}'
);

-- The requests, for the overdue check and the file (intake.requests).
CREATE TABLE IF NOT EXISTS request_index (
    request_id uuid PRIMARY KEY, beneficiary_id uuid NOT NULL, centre_id text NOT NULL,
    category text NOT NULL, logged_on date NOT NULL, due_on date NOT NULL,
    status text NOT NULL, answered boolean NOT NULL DEFAULT false,
    overdue boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS request_index_waiting ON request_index (due_on)
    WHERE NOT answered AND NOT overdue;
CREATE INDEX IF NOT EXISTS request_index_of_file ON request_index (beneficiary_id);

-- The likely duplicates awaiting review (intake.files).
CREATE TABLE IF NOT EXISTS duplicate_reviews (
    beneficiary_id uuid PRIMARY KEY, centre_id text NOT NULL, flagged_on date NOT NULL,
    outcome text, reviewed_on date
);
CREATE INDEX IF NOT EXISTS duplicate_reviews_open ON duplicate_reviews (centre_id)
    WHERE outcome IS NULL;
