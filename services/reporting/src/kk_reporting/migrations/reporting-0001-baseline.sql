-- Reporting's tables as they stood when migrations came in (each IF NOT EXISTS: a database
-- made before then keeps its tables and rows). A rebuild makes them all afresh in a schema
-- of its own, by the same migrations, before its swap.

-- The centres and their activity counts (reporting.activity).
CREATE TABLE IF NOT EXISTS centre_dim (
    centre_id text PRIMARY KEY, municipality_code text NOT NULL, region_code text NOT NULL,
    name_el text NOT NULL, name_en text NOT NULL,
    regional_unit_code text, population bigint NOT NULL DEFAULT 0, census_year int,
    staffing_band int, staff int, head_social_worker boolean,
    status text NOT NULL DEFAULT 'operating', registered_at timestamptz
);
CREATE TABLE IF NOT EXISTS centre_activity (
    centre_id text PRIMARY KEY,
    beneficiaries_registered bigint NOT NULL DEFAULT 0,
    referrals_sent bigint NOT NULL DEFAULT 0,
    programme_enrolments bigint NOT NULL DEFAULT 0,
    last_event_at timestamptz NOT NULL,
    referrals_provided bigint NOT NULL DEFAULT 0,
    referrals_partly_provided bigint NOT NULL DEFAULT 0,
    referrals_not_provided bigint NOT NULL DEFAULT 0,
    referrals_refused bigint NOT NULL DEFAULT 0,
    referrals_expired bigint NOT NULL DEFAULT 0,
    referrals_withdrawn bigint NOT NULL DEFAULT 0,
    programme_rejections bigint NOT NULL DEFAULT 0,
    programme_exits bigint NOT NULL DEFAULT 0
);

-- The monthly counts of each centre and their sums for each place (reporting.monthly).
-- The codes are compared byte by byte (COLLATE "C"): they are ASCII, and keys so ordered
-- are made and searched faster.
CREATE TABLE IF NOT EXISTS monthly_facts (
    centre_id text COLLATE "C" NOT NULL, month date NOT NULL,
    indicator text COLLATE "C" NOT NULL, dimension text COLLATE "C" NOT NULL,
    n bigint NOT NULL, PRIMARY KEY (centre_id, month, indicator, dimension)
);
-- the files a centre holds at a month's end, the sum of its changes to then, read from this
-- small index alone (a row a centre-month), not from among all the centre's counts
CREATE INDEX IF NOT EXISTS monthly_facts_held ON monthly_facts (centre_id, month) INCLUDE (n)
    WHERE indicator = 'files_held_change';
-- a place's counts are read by indicator over months: its key carries the count too, so
-- they are read from the key alone
CREATE TABLE IF NOT EXISTS place_facts (
    level text COLLATE "C" NOT NULL, code text COLLATE "C" NOT NULL, month date NOT NULL,
    indicator text COLLATE "C" NOT NULL, dimension text COLLATE "C" NOT NULL,
    n bigint NOT NULL, PRIMARY KEY (level, code, indicator, month, dimension) INCLUDE (n)
);
-- No query looks inside a summary: each is kept as the JSON text it was written as (json,
-- not jsonb), read out as it is; and statistics of it would cost every ANALYZE most of its
-- time and serve no plan.
CREATE TABLE IF NOT EXISTS place_months (
    level text COLLATE "C" NOT NULL, code text COLLATE "C" NOT NULL, month date NOT NULL,
    totals json NOT NULL, days json NOT NULL, PRIMARY KEY (level, code, month)
);
ALTER TABLE place_months ALTER COLUMN totals SET STATISTICS 0,
    ALTER COLUMN days SET STATISTICS 0;
-- which region each regional unit lies in (reference data, refreshed at start-up)
CREATE TABLE IF NOT EXISTS unit_regions (unit text PRIMARY KEY, region text NOT NULL);
CREATE TABLE IF NOT EXISTS open_overdue (
    kind text NOT NULL, item_id uuid NOT NULL, centre_id text NOT NULL,
    since date NOT NULL, PRIMARY KEY (kind, item_id)
);
CREATE INDEX IF NOT EXISTS open_overdue_by_centre ON open_overdue (centre_id);
CREATE TABLE IF NOT EXISTS overdue_counts (
    centre_id text NOT NULL, kind text NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (centre_id, kind)
);
CREATE TABLE IF NOT EXISTS referral_days (
    referral_id uuid NOT NULL, centre_id text NOT NULL, sent_on date NOT NULL,
    accepted_on date, completed_on date, PRIMARY KEY (referral_id)
);
CREATE TABLE IF NOT EXISTS centre_seen (
    centre_id text NOT NULL, last_event_at timestamptz NOT NULL, PRIMARY KEY (centre_id)
);

-- The rebuilds: requested, running, and how each ended.
CREATE TABLE IF NOT EXISTS rebuild_runs (
    id bigserial PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz, state text NOT NULL DEFAULT 'running',
    total bigint NOT NULL DEFAULT 0, done bigint NOT NULL DEFAULT 0,
    events_per_s double precision, error text
);
