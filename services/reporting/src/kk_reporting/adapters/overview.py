"""The indicators of one place (nation, region, regional unit, municipality, centre) over a
period, with the same figures for each of the places inside it: what the dashboards show and
what the observatories' tools read.

The figures are read from each place's monthly summaries (``places``: a dozen rows for a
year of a nation); the files held at the end of the period are the running sum of the
monthly changes in files held (opened and transferred in, less transferred out and erased);
medians are read from the counts of referrals by days taken; rates are worked out here
(``figures``); the breakdowns from the place's own counts. Outside a centre's own view every
count from 1 to 4 is "<5", a breakdown hides the complements that would give such a count
back, and a rate or a median is left out when it rests on fewer than 5 cases.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import psycopg
from kk_contracts.reference import regional_units, regions
from pydantic import BaseModel, Field

from kk_reporting.adapters.figures import Level, Reading, Scope
from kk_reporting.domain.facts import months_between
from kk_reporting.domain.geography import PLACE_LEVELS
from kk_reporting.domain.public import present, summed
from kk_reporting.domain.suppression import Cell, suppress

__all__ = ["Area", "Figures", "Level", "Overview", "Scope", "overdue_ages", "overview"]

_CHILD: dict[Level, Level | None] = {
    "national": "region",
    "region": "regional_unit",
    "regional_unit": "centre",
    "municipality": "centre",
    "centre": None,
}
BREAKDOWNS = {
    "beneficiaries_by_sex": "beneficiaries_by_sex",
    "beneficiaries_by_age": "beneficiaries_by_age",
    "beneficiaries_by_group": "beneficiaries_by_group",
    "requests_by_axis": "requests_by_axis",
    "requests_by_category": "requests_by_category",
    "referrals_sent_by_body": "referrals_sent",
    "referrals_refused_by_reason": "referrals_refused",
    "referrals_completed_by_outcome": "referrals_completed",
    "enrolments_by_programme": "enrolments",
    "exits_by_programme": "enrolment_exits",
}


class Figures(BaseModel):
    centres: int = Field(description="Centres registered in the place")
    population: int = Field(description="Census population of their municipalities")
    beneficiaries_new: Cell = Field(description="Individual files opened in the period")
    beneficiaries_active: Cell = Field(description="Files held at the end of the period")
    new_per_1000: float | None = Field(description="Files opened per 1,000 inhabitants")
    active_per_1000: float | None = Field(description="Files held per 1,000 inhabitants")
    requests_logged: Cell
    requests_answered_in_time: Cell = Field(description="Informed within 10 working days")
    requests_answered_late: Cell
    share_answered_in_time: float | None = Field(description="Of the requests answered, 0–1")
    requests_overdue_now: Cell = Field(description="Past their due date, still unanswered")
    referrals_sent: Cell
    referrals_accepted: Cell
    referrals_refused: Cell
    acceptance_rate: float | None = Field(description="Accepted of those answered, 0–1")
    refusal_rate: float | None = Field(description="Refused of those answered, 0–1")
    median_days_to_acceptance: float | None = Field(description="Accepted in the period")
    median_days_to_completion: float | None = Field(description="Completed in the period")
    referrals_overdue_now: Cell = Field(description="Accepted, past their completion date")
    enrolments: Cell
    exits: Cell
    transfers_in: Cell
    transfers_out: Cell
    centres_silent_48h: int = Field(description="Operating centres with no event for 48 hours")
    centres_headed_by_social_worker: int
    centres_roster_unreported: int = Field(description="No staff roster reported yet")
    staff_positions: int = Field(description="Positions on the reported rosters")
    staff_positions_foreseen: int = Field(description="Sum of the centres' staffing bands")


class Area(Figures):
    level: Level
    code: str
    name_el: str
    name_en: str


class Overview(BaseModel):
    level: Level
    code: str | None
    name_el: str
    name_en: str
    first_month: str
    last_month: str
    suppressed: bool = Field(description="Counts from 1 to 4 shown as '<5' (and complements)")
    figures: Figures
    breakdowns: dict[str, dict[str, Cell]] = Field(
        description="e.g. requests_by_axis → axis → count, for the whole period"
    )
    areas: list[Area] = Field(description="The same figures for each place inside this one")
    silent_centres: list[str] = Field(description="Operating centres silent for 48 hours")
    data_as_of: str | None = Field(description="When the newest event counted here happened")


def overview(
    cur: psycopg.Cursor[Any],
    scope: Scope,
    first: date,
    last: date,
    *,
    inside: Level | None = None,
) -> Overview:
    """The place's figures, and those of each place inside it: the next level down, or the
    ``inside`` level asked for (a region's centres, say)."""
    end = months_between(first, last)[-1]
    suppressed = not scope.own_centre
    child = inside or _CHILD[scope.level]
    conn = cur.connection
    with conn.pipeline() as pipeline:  # the queries sent at once; each answer read in turn
        reading = Reading(conn, pipeline, scope, first, end, child)
        counts = _send_breakdowns(conn.cursor(), scope, first, end)
        reading.add_summaries()  # (of places: while PostgreSQL answers the rest)
        centres = reading.centres()
        names = _names(centres)
        rows = reading.figures(centres)
        breakdowns = _breakdowns(counts, suppressed)
    if child is not None:
        total = summed(rows.values())  # the places inside make the whole of it
    else:
        rows, total = {}, rows[None]
    areas = []
    if child is not None:
        for code, raw in sorted(rows.items()):
            name_el, name_en = names[child].get(str(code), (str(code), str(code)))
            figures = present(raw, suppressed)
            areas.append(
                Area(level=child, code=str(code), name_el=name_el, name_en=name_en, **figures)
            )
    name_el, name_en = (
        ("Επικράτεια", "Greece")
        if scope.level == "national"
        else names[scope.level].get(str(scope.code), (str(scope.code), str(scope.code)))
    )
    return Overview(
        level=scope.level,
        code=scope.code,
        name_el=name_el,
        name_en=name_en,
        first_month=first.strftime("%Y-%m"),
        last_month=end.strftime("%Y-%m"),
        suppressed=suppressed,
        figures=Figures(**present(total, suppressed)),
        breakdowns=breakdowns,
        areas=areas,
        silent_centres=reading.silent,
        data_as_of=reading.last_heard.isoformat() if reading.last_heard else None,
    )


def _send_breakdowns(
    cur: psycopg.Cursor[Any], scope: Scope, first: date, end: date
) -> psycopg.Cursor[Any]:
    """The query of the scope's counts by dimension over the period, sent."""
    indicators = list(set(BREAKDOWNS.values()))
    if scope.level in PLACE_LEVELS:
        cur.execute(
            """SELECT indicator, dimension, SUM(n)::bigint AS n FROM place_facts
               WHERE level = %s AND code = %s AND indicator = ANY(%s)
                 AND month BETWEEN %s AND %s
               GROUP BY 1, 2 HAVING SUM(n) <> 0""",
            (scope.level, scope.code or "", indicators, first, end),
        )
    else:
        where, params = scope.where()
        cur.execute(
            f"""SELECT f.indicator, f.dimension, SUM(f.n)::bigint AS n
                FROM monthly_facts f JOIN centre_dim d USING (centre_id)
                WHERE f.month BETWEEN %s AND %s AND f.indicator = ANY(%s) {where}
                GROUP BY 1, 2 HAVING SUM(f.n) <> 0""",
            (first, end, indicators, *params),
        )
    return cur


def _breakdowns(cur: psycopg.Cursor[Any], suppressed: bool) -> dict[str, dict[str, Cell]]:
    """The scope's counts by dimension, read from their query, suppressed when outside a
    centre's own view."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for row in cur.fetchall():
        found[row["indicator"]][row["dimension"] or "all"] = int(row["n"])
    out: dict[str, dict[str, Cell]] = {}
    for name, indicator in BREAKDOWNS.items():
        counts = found.get(indicator, {})
        if not suppressed:
            out[name] = dict(sorted(counts.items()))
            continue
        table = suppress({d: {"period": n} for d, n in counts.items()})
        out[name] = {d: table[d]["period"] for d in sorted(table)}
    return out


def _names(centres: list[dict[str, Any]]) -> dict[Level, dict[str, tuple[str, str]]]:
    """The names of the places, the scope's centres' from their rows."""
    named = {c["centre_id"]: (c["name_el"], c["name_en"]) for c in centres}
    units = {code: (el, el) for code, (el, _region) in regional_units().items()}
    return {
        "national": {},
        "region": dict(regions()),
        "regional_unit": units,
        "municipality": {c.removeprefix("KK-"): names for c, names in named.items()},
        "centre": named,
    }


OVERDUE_AGES = (("days_0_7", 0, 7), ("days_8_30", 8, 30), ("days_31", 31, None))


def overdue_ages(cur: psycopg.Cursor[Any], centre_id: str) -> dict[str, dict[str, int]]:
    """A centre's overdue requests and referrals now, by how long they have been overdue:
    counts only (the ids stay in the database)."""
    cur.execute(
        """SELECT kind, current_date - since AS days, count(*) AS n FROM open_overdue
           WHERE centre_id = %s GROUP BY 1, 2""",
        (centre_id,),
    )
    out = {
        kind: dict.fromkeys((name for name, _, _ in OVERDUE_AGES), 0)
        for kind in ("request", "referral")
    }
    for row in cur.fetchall():
        for name, low, high in OVERDUE_AGES:
            if row["days"] >= low and (high is None or row["days"] <= high):
                out[row["kind"]][name] += int(row["n"])
    return out
