"""Monthly indicators: the read model of every event's monthly facts (``facts``), per centre,
summed for each regional unit, region and the nation (``places``), fed a batch at a time
(``tally``) by the tracked consumer, and by a rebuild in larger ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.reference import regional_units
from psycopg.rows import tuple_row

from kk_reporting.facts import HELD_CHANGE, KEPT, NOT_SHOWN, months_between
from kk_reporting.geography import PLACE_LEVELS
from kk_reporting.places import (
    BACKFILL_SUMMARIES,
    LEVELS,
    PLACES_OF,
    SUMMARISE_CENTRES,
    SUMMARISE_PLACES,
    place_sums,
)
from kk_reporting.tally import MonthlyTally

# Each table's key. The codes are compared byte by byte (COLLATE "C"): they are ASCII, and
# keys so ordered are made and searched faster. A
# place's counts are read by indicator over months (the breakdowns, the files held to a
# month's end): its key carries the count too, so they are read from the key alone.
KEYS = {
    "monthly_facts": "PRIMARY KEY (centre_id, month, indicator, dimension)",
    "place_facts": "PRIMARY KEY (level, code, indicator, month, dimension) INCLUDE (n)",
    "place_months": "PRIMARY KEY (level, code, month)",
    "open_overdue": "PRIMARY KEY (kind, item_id)",
    "overdue_counts": "PRIMARY KEY (centre_id, kind)",
    "referral_days": "PRIMARY KEY (referral_id)",
    "centre_seen": "PRIMARY KEY (centre_id)",
}
_TABLES = f"""
CREATE TABLE IF NOT EXISTS monthly_facts (
    centre_id text COLLATE "C" NOT NULL, month date NOT NULL,
    indicator text COLLATE "C" NOT NULL, dimension text COLLATE "C" NOT NULL,
    n bigint NOT NULL, {KEYS["monthly_facts"]}
);
-- the files a centre holds at a month's end, the sum of its changes to then, read from
-- this small index alone (a row a centre-month), not from among all the centre's counts
CREATE INDEX IF NOT EXISTS monthly_facts_held ON monthly_facts (centre_id, month) INCLUDE (n)
    WHERE indicator = '{HELD_CHANGE}';
CREATE TABLE IF NOT EXISTS place_facts (
    level text COLLATE "C" NOT NULL, code text COLLATE "C" NOT NULL, month date NOT NULL,
    indicator text COLLATE "C" NOT NULL, dimension text COLLATE "C" NOT NULL,
    n bigint NOT NULL, {KEYS["place_facts"]}
);
-- No query looks inside a summary: each is kept as the JSON text it was written as (json,
-- not jsonb), which is read out as it is, in three quarters of the time jsonb takes to be
-- turned back into text; and statistics of it would cost every ANALYZE most of its time (a
-- rebuild's too, before the swap) and serve no plan.
CREATE TABLE IF NOT EXISTS place_months (
    level text COLLATE "C" NOT NULL, code text COLLATE "C" NOT NULL, month date NOT NULL,
    totals json NOT NULL, days json NOT NULL, {KEYS["place_months"]}
);
DO $$ BEGIN  -- summaries kept as jsonb before: as json from now on
    IF (SELECT atttypid FROM pg_attribute WHERE attrelid = to_regclass('place_months')
        AND attname = 'totals') = 'jsonb'::regtype THEN
        ALTER TABLE place_months ALTER COLUMN totals TYPE json USING totals::json,
            ALTER COLUMN days TYPE json USING days::json;
    END IF;
END $$;
ALTER TABLE place_months ALTER COLUMN totals SET STATISTICS 0,
    ALTER COLUMN days SET STATISTICS 0;
CREATE TABLE IF NOT EXISTS unit_regions (unit text PRIMARY KEY, region text NOT NULL);
CREATE TABLE IF NOT EXISTS open_overdue (
    kind text NOT NULL, item_id uuid NOT NULL, centre_id text NOT NULL,
    since date NOT NULL, {KEYS["open_overdue"]}
);
CREATE INDEX IF NOT EXISTS open_overdue_by_centre ON open_overdue (centre_id);
CREATE TABLE IF NOT EXISTS overdue_counts (
    centre_id text NOT NULL, kind text NOT NULL, n bigint NOT NULL, {KEYS["overdue_counts"]}
);
CREATE TABLE IF NOT EXISTS referral_days (
    referral_id uuid NOT NULL, centre_id text NOT NULL, sent_on date NOT NULL,
    accepted_on date, completed_on date, {KEYS["referral_days"]}
);
CREATE TABLE IF NOT EXISTS centre_seen (
    centre_id text NOT NULL, last_event_at timestamptz NOT NULL, {KEYS["centre_seen"]}
);
INSERT INTO unit_regions VALUES {
    ", ".join(f"('{unit}', '{region}')" for unit, (_, region) in regional_units().items())
} ON CONFLICT (unit) DO UPDATE SET region = EXCLUDED.region;
DO $$ BEGIN  -- a place's key made before it carried the count: made again, with it
    IF EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass('place_facts_pkey')
               AND indnatts = indnkeyatts) THEN
        ALTER TABLE place_facts DROP CONSTRAINT place_facts_pkey,
            ADD {KEYS["place_facts"]};
    END IF;
END $$;
"""
# Read models made before the sums, the days and the summaries were kept get them once,
# from what they hold.
_BACKFILL = (
    f"""
INSERT INTO monthly_facts
SELECT centre_id, date_trunc('month', on_day)::date, indicator, (on_day - sent_on)::text,
       count(*)
FROM referral_days CROSS JOIN LATERAL (
    VALUES ('days_to_acceptance', accepted_on), ('days_to_completion', completed_on)
) AS d(indicator, on_day)
WHERE on_day IS NOT NULL
  AND NOT EXISTS (SELECT FROM monthly_facts WHERE indicator LIKE 'days_to_%')
GROUP BY 1, 2, 3, 4;
INSERT INTO monthly_facts
SELECT centre_id, month, 'files_held_change', '',
       sum(CASE WHEN indicator IN ('beneficiaries_registered', 'transfers_in') THEN n
                ELSE -n END)
FROM monthly_facts
WHERE indicator IN ('beneficiaries_registered', 'transfers_in', 'transfers_out',
                    'beneficiaries_erased')
  AND NOT EXISTS (SELECT FROM monthly_facts WHERE indicator = 'files_held_change')
GROUP BY 1, 2;
INSERT INTO place_facts
SELECT p.level, p.code, f.month, f.indicator, f.dimension, sum(f.n)
FROM monthly_facts f {PLACES_OF}
WHERE NOT EXISTS (SELECT FROM place_facts)
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO overdue_counts
SELECT centre_id, kind, count(*) FROM open_overdue
WHERE NOT EXISTS (SELECT FROM overdue_counts)
GROUP BY 1, 2;
"""
    + BACKFILL_SUMMARIES
)


class MonthlyFacts:
    """The monthly counts, fed by the tracked consumer: each event's counts are added in the
    same transaction that records its offset, so each is counted exactly once.

    Beside them, what a count by month cannot say: which requests and referrals are overdue
    now (``open_overdue``, until answered or closed), each referral's dates (``referral_days``,
    for the days to acceptance and to completion), and when each centre was last heard of
    (``centre_seen``, for the centres silent for 48 hours). Ids of requests and referrals
    only: nothing that names or points to a person."""

    group = "reporting.monthly"
    events = KEPT
    topics = (Topic.BENEFICIARIES, Topic.REQUESTS, Topic.REFERRALS, Topic.ENROLMENTS)
    dead_letter_topic = dead_letter_topic("reporting")
    ddl = _TABLES + _BACKFILL
    tables = (*KEYS, "unit_regions")

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        tally = self.tally()
        tally.add(envelope)
        tally.write(cur)

    def tally(self, *, rebuilding: bool = False) -> MonthlyTally:
        """A batch's tally; a rebuild's leaves the places' sums and summaries to
        ``rebuilt``."""
        return MonthlyTally(places=not rebuilding)

    def rebuilt(self) -> list[list[str]]:
        """What a rebuild runs once its batches are in, step by step, the statements of a
        step at once: the places' sums of each level, the counts' statistics, then every
        summary (of the centres, and of the places), each made once from the whole
        counts."""
        return [
            [place_sums("monthly_facts", level) for level in LEVELS],
            ["ANALYZE monthly_facts", "ANALYZE place_facts"],
            [SUMMARISE_CENTRES, SUMMARISE_PLACES],
        ]


def read(
    cur: psycopg.Cursor[Any],
    level: str,
    code: str | None,
    where: str,
    params: Iterable[Any],
    first: date,
    last: date,
) -> dict[str, dict[str, dict[str, int]]]:
    """indicator → dimension → month (YYYY-MM) → count: of the nation, a region or a
    regional unit from their sums; else of the centres ``where`` selects. (Thousands of rows:
    read as tuples, in the same transaction.)"""
    with cur.connection.cursor(row_factory=tuple_row) as rows:
        if level in PLACE_LEVELS:
            rows.execute(
                """SELECT indicator, dimension, month, n FROM place_facts
                   WHERE level = %s AND code = %s AND month BETWEEN %s AND %s
                     AND NOT indicator = ANY(%s) AND n <> 0""",
                (level, code or "", first.replace(day=1), last, list(NOT_SHOWN)),
            )
        else:
            rows.execute(
                f"""SELECT f.indicator, f.dimension, f.month, SUM(f.n)::bigint AS n
                    FROM monthly_facts f JOIN centre_dim d USING (centre_id)
                    WHERE f.month BETWEEN %s AND %s AND NOT f.indicator = ANY(%s) {where}
                    GROUP BY f.indicator, f.dimension, f.month HAVING SUM(f.n) <> 0""",
                (first.replace(day=1), last, list(NOT_SHOWN), *params),
            )
        found = rows.fetchall()
    names = {m: m.strftime("%Y-%m") for m in months_between(first, last)}
    out: dict[str, dict[str, dict[str, int]]] = {}
    for indicator, dimension, month, n in found:
        out.setdefault(indicator, {}).setdefault(dimension or "all", {})[names[month]] = int(n)
    return out
