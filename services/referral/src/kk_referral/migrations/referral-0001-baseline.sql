-- Referral's tables as they stood when migrations came in (each IF NOT EXISTS: a database
-- made before then keeps its tables and rows).

-- What referral knows of other services: files and their consent, bodies, programmes,
-- centres and holidays (referral.replicas).
CREATE TABLE IF NOT EXISTS beneficiary_replica (
    beneficiary_id uuid PRIMARY KEY, centre_id text NOT NULL,
    purposes text[] NOT NULL DEFAULT '{}', sharing_with text[]
);
CREATE TABLE IF NOT EXISTS body_replica (
    body_id uuid PRIMARY KEY, category text NOT NULL, accepts_referrals boolean NOT NULL
);
CREATE TABLE IF NOT EXISTS programme_replica (
    programme_id uuid PRIMARY KEY, category text NOT NULL, closed_on date
);
CREATE TABLE IF NOT EXISTS centre_replica (
    centre_id text PRIMARY KEY, municipality_code text NOT NULL
);
CREATE TABLE IF NOT EXISTS local_holiday_replica (
    centre_id text NOT NULL, holiday date NOT NULL, PRIMARY KEY (centre_id, holiday)
);

-- The referrals by centre and by file, and who keeps each file now (referral.index).
CREATE TABLE IF NOT EXISTS referral_index (
    referral_id uuid PRIMARY KEY, beneficiary_id uuid NOT NULL, centre_id text NOT NULL,
    body_id uuid NOT NULL, body_category text NOT NULL, status text NOT NULL,
    sent_on date NOT NULL, respond_by date, complete_by date,
    overdue boolean NOT NULL DEFAULT false, outcome text
);
CREATE INDEX IF NOT EXISTS referral_index_centre ON referral_index (centre_id, status);
CREATE INDEX IF NOT EXISTS referral_index_of_file ON referral_index (beneficiary_id);
CREATE TABLE IF NOT EXISTS referral_index_owner (
    beneficiary_id uuid PRIMARY KEY, centre_id text NOT NULL
);

-- Every use of a body's link, and every read of a referral by staff.
CREATE TABLE IF NOT EXISTS link_uses (
    id bigserial PRIMARY KEY, referral_id uuid NOT NULL, body_id uuid NOT NULL,
    action text NOT NULL, allowed boolean NOT NULL, used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS link_uses_referral ON link_uses (referral_id, used_at);
CREATE TABLE IF NOT EXISTS referral_reads (
    id bigserial PRIMARY KEY, referral_id uuid NOT NULL, beneficiary_id uuid NOT NULL,
    read_by text NOT NULL, read_by_name text, role text NOT NULL, centre_id text,
    reason text NOT NULL, allowed boolean NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS referral_reads_file ON referral_reads (beneficiary_id, read_at);

-- Applications to programmes awaiting a decision, and who keeps each file now
-- (referral.applications).
CREATE TABLE IF NOT EXISTS applications (
    request_id uuid PRIMARY KEY, enrolment_id uuid NOT NULL UNIQUE,
    beneficiary_id uuid NOT NULL, centre_id text NOT NULL, programme_id uuid NOT NULL,
    submitted_on date NOT NULL, documents integer NOT NULL, decision text
);
CREATE INDEX IF NOT EXISTS applications_pending ON applications (centre_id)
    WHERE decision IS NULL;
CREATE TABLE IF NOT EXISTS applications_owner (
    beneficiary_id uuid PRIMARY KEY, centre_id text NOT NULL
);

-- The enrolments by file, and who keeps each file now (referral.enrolments).
CREATE TABLE IF NOT EXISTS enrolment_index (
    enrolment_id uuid PRIMARY KEY, beneficiary_id uuid NOT NULL, centre_id text NOT NULL,
    programme_id uuid NOT NULL, programme_category text NOT NULL, status text NOT NULL,
    start_date date, renew_by date, decided_on date, rejection_reason text,
    exited_on date, exit_reason text
);
CREATE INDEX IF NOT EXISTS enrolment_index_of_file ON enrolment_index (beneficiary_id);
CREATE TABLE IF NOT EXISTS enrolment_index_owner (
    beneficiary_id uuid PRIMARY KEY, centre_id text NOT NULL
);
