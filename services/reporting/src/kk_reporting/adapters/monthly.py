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

from kk_reporting.adapters.places import LEVELS, SUMMARISE_CENTRES, SUMMARISE_PLACES, place_sums
from kk_reporting.adapters.tally import MonthlyTally
from kk_reporting.domain.facts import KEPT, NOT_SHOWN, months_between
from kk_reporting.domain.geography import PLACE_LEVELS


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
    tables = (
        "monthly_facts",
        "place_facts",
        "place_months",
        "open_overdue",
        "overdue_counts",
        "referral_days",
        "centre_seen",
        "unit_regions",
    )

    def refresh_reference(self, cur: psycopg.Cursor[Any]) -> None:
        """Which region each regional unit lies in, as the reference data say: at start-up,
        and in a rebuild's schema."""
        units = regional_units()
        cur.execute(
            """INSERT INTO unit_regions SELECT * FROM unnest(%s::text[], %s::text[])
               ON CONFLICT (unit) DO UPDATE SET region = EXCLUDED.region""",
            (list(units), [region for _, region in units.values()]),
        )

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
            # the level with the most places first: the others share the other connection
            [place_sums("monthly_facts", level) for level in reversed(LEVELS)],
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
