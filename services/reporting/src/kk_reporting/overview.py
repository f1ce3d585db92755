"""The indicators of one place (nation, region, regional unit, municipality, centre) over a
period, with the same figures for each of the places inside it: what the dashboards show and
what the observatories' tools read.

Counts come from ``monthly_facts`` (each fact in the month of its own date), and for a
nation, region or regional unit from their sums in ``place_facts``; the files held at the end
of the period are the running sum of the monthly changes in files held (opened and
transferred in, less transferred out and erased); medians are read from the counts of
referrals by days taken; rates are worked out here. Outside a centre's own view every
count from 1 to 4 is "<5", a breakdown hides the complements that would give such a count
back, and a rate or a median is left out when it rests on fewer than 5 cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import psycopg
from kk_contracts.reference import regional_units, regions
from pydantic import BaseModel, Field

from kk_reporting.monthly import (
    DAYS,
    HELD_CHANGE,
    PLACE_LEVELS,
    SUPPRESSED,
    Cell,
    months_between,
    suppress,
)

Level = Literal["national", "region", "regional_unit", "municipality", "centre"]
SMALL = 5
SILENT_HOURS = 48

_COLUMN: dict[Level, str] = {
    "region": "d.region_code",
    "regional_unit": "d.regional_unit_code",
    "municipality": "d.municipality_code",
    "centre": "d.centre_id",
}
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


@dataclass(frozen=True)
class Scope:
    level: Level
    code: str | None
    own_centre: bool = False

    def where(self) -> tuple[str, tuple[str, ...]]:
        if self.level == "national" or self.code is None:
            return "", ()
        return f"AND {_COLUMN[self.level]} = %s", (self.code,)


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
    where, params = scope.where()
    suppressed = not scope.own_centre
    names = _names(cur)
    child = inside or _CHILD[scope.level]
    rows = _figures(cur, scope, first, end, child) if child is not None else {}
    if scope.level in PLACE_LEVELS and child in ("region", "regional_unit"):
        total = {None: _summed(rows.values())}  # its regions or units make the whole of it
    else:
        total = _figures(cur, scope, first, end, None)
    areas = []
    if child is not None:
        for code, raw in sorted(rows.items()):
            name_el, name_en = names[child].get(str(code), (str(code), str(code)))
            figures = _present(raw, suppressed)
            areas.append(
                Area(level=child, code=str(code), name_el=name_el, name_en=name_en, **figures)
            )
    cur.execute(
        f"""SELECT d.centre_id FROM centre_dim d LEFT JOIN centre_seen s USING (centre_id)
            WHERE {_SILENT} {where} ORDER BY d.centre_id""",
        params,
    )
    silent = [row["centre_id"] for row in cur.fetchall()]
    cur.execute(
        f"""SELECT max(s.last_event_at) AS at FROM centre_seen s
            JOIN centre_dim d USING (centre_id) WHERE true {where}""",
        params,
    )
    row = cur.fetchone()
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
        figures=Figures(**_present(total[None], suppressed)),
        breakdowns=_breakdowns(cur, scope, first, end, suppressed),
        areas=areas,
        silent_centres=silent,
        data_as_of=row["at"].isoformat() if row and row["at"] else None,
    )


_SILENT = f"""d.status = 'operating' AND COALESCE(s.last_event_at, d.registered_at, '-infinity')
              < now() - interval '{SILENT_HOURS} hours'"""


def _figures(
    cur: psycopg.Cursor[Any], scope: Scope, first: date, end: date, group: Level | None
) -> dict[str | None, dict[str, Any]]:
    """The raw figures (no suppression yet), in total or per place of the ``group`` level."""
    where, params = scope.where()
    key = _COLUMN[group] if group else "NULL"
    out: dict[str | None, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    cur.execute(
        f"""SELECT {key} AS k, count(*) AS centres, COALESCE(sum(d.population), 0) AS population,
                   count(*) FILTER (WHERE d.head_social_worker) AS headed,
                   count(*) FILTER (WHERE d.staff IS NULL) AS unreported,
                   COALESCE(sum(d.staff), 0) AS staff,
                   COALESCE(sum(d.staffing_band), 0) AS foreseen,
                   count(*) FILTER (WHERE {_SILENT}) AS silent
            FROM centre_dim d LEFT JOIN centre_seen s USING (centre_id)
            WHERE true {where} GROUP BY 1""",
        params,
    )
    for row in cur.fetchall():
        out[row["k"]].update({k: int(v) for k, v in row.items() if k != "k"})
    for row in _facts(cur, scope, group, first, end):
        figures = out[row["k"]]
        indicator, dimension = row["indicator"], row["dimension"]
        in_period, to_date = int(row["in_period"]), int(row["to_date"])
        if indicator in _DAYS:
            if in_period:
                figures.setdefault(indicator, {})[int(dimension)] = in_period
            continue
        if indicator == HELD_CHANGE:
            figures["active"] += to_date
            continue
        figures[f"{indicator}:{dimension}"] += in_period
        figures[indicator] += in_period
    cur.execute(
        f"""SELECT {key} AS k, o.kind, sum(o.n) AS n FROM overdue_counts o
            JOIN centre_dim d USING (centre_id) WHERE true {where} GROUP BY 1, 2""",
        params,
    )
    for row in cur.fetchall():
        out[row["k"]][f"overdue_{row['kind']}"] = int(row["n"])
    if group is None and None not in out:
        out[None] = defaultdict(int)
    return out


def _summed(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The raw figures of a whole from those of its parts: every one is a count, or counts
    of referrals by days taken."""
    whole: dict[str, Any] = defaultdict(int)
    for part in parts:
        for name, value in part.items():
            if isinstance(value, dict):
                days = whole.setdefault(name, defaultdict(int))
                for taken, n in value.items():
                    days[taken] += n
            else:
                whole[name] += value
    return whole


_DAYS = set(DAYS.values())
# What the figures are made of.
_READ = sorted(
    {
        *_DAYS,
        HELD_CHANGE,
        "beneficiaries_registered",
        "transfers_in",
        "transfers_out",
        "requests_by_axis",
        "requests_answered",
        "referrals_sent",
        "referrals_accepted",
        "referrals_refused",
        "enrolments",
        "enrolment_exits",
    }
)


def _facts(
    cur: psycopg.Cursor[Any], scope: Scope, group: Level | None, first: date, end: date
) -> list[dict[str, Any]]:
    """Per place of the ``group`` level (or in total: k is None), indicator and dimension:
    the count in the period, and to its end (for the change in files held only).
    A nation, region or regional unit, and their regions or units, are read from their
    sums; centres from their own counts."""
    if scope.level in PLACE_LEVELS and group in (None, "region", "regional_unit"):
        level = group or scope.level
        codes = [scope.code or ""]
        if group == "regional_unit":
            codes = [u for u, (_, region) in regional_units().items() if region == scope.code]
        elif group == "region":
            codes = list(regions())  # named, so that each is a range of the table's key
        key = "code" if group else "NULL"
        only = "AND code = ANY(%(codes)s)"
        # the indicators named, so that each is a range of the table's key
        source = f"FROM place_facts WHERE level = %(level)s {only} AND indicator = ANY(%(read)s)"
    else:
        where, _ = scope.where()
        key = _COLUMN[group] if group else "NULL"
        source = (
            "FROM monthly_facts f JOIN centre_dim d USING (centre_id) WHERE true "
            + where.replace("%s", "%(code)s")
        )
        level, codes = scope.level, []
    cur.execute(
        f"""SELECT {key} AS k, indicator, dimension, SUM(n)::bigint AS in_period,
                   SUM(n)::bigint AS to_date
            {source} AND month BETWEEN %(first)s AND %(end)s GROUP BY 1, 2, 3
            UNION ALL
            SELECT {key} AS k, indicator, dimension, 0, SUM(n)::bigint
            {source} AND indicator = %(held)s AND month < %(first)s GROUP BY 1, 2, 3""",
        {
            "level": level,
            "codes": codes,
            "code": scope.code,
            "first": first,
            "end": end,
            "held": HELD_CHANGE,
            "read": _READ,
        },
    )
    return cur.fetchall()


def _present(raw: dict[str, Any], suppressed: bool) -> dict[str, Any]:
    """The public figures of raw ones: suppressed counts, and rates and medians only where
    enough cases stand behind them."""

    def count(n: int) -> Cell:
        return SUPPRESSED if suppressed and 0 < n < SMALL else n

    def enough(*ns: int) -> bool:
        return not suppressed or all(n == 0 or n >= SMALL for n in ns)

    def rate(part: int, whole: int) -> float | None:
        if whole == 0 or not enough(part, whole, whole - part):
            return None
        return round(part / whole, 4)

    def per_1000(n: int) -> float | None:
        if not population or not enough(n):
            return None
        return round(n * 1000 / population, 2)

    def median(indicator: str) -> float | None:
        n, m = _median(raw.get(indicator, {}))
        return None if n == 0 or (suppressed and n < SMALL) else round(m, 1)

    population = raw.get("population", 0)
    new, active = raw.get("beneficiaries_registered", 0), max(raw.get("active", 0), 0)
    in_time = raw.get("requests_answered:in_time", 0)
    late = raw.get("requests_answered:late", 0)
    accepted, refused = raw.get("referrals_accepted", 0), raw.get("referrals_refused", 0)
    return {
        "centres": raw.get("centres", 0),
        "population": population,
        "beneficiaries_new": count(new),
        "beneficiaries_active": count(active),
        "new_per_1000": per_1000(new),
        "active_per_1000": per_1000(active),
        "requests_logged": count(raw.get("requests_by_axis", 0)),
        "requests_answered_in_time": count(in_time),
        "requests_answered_late": count(late),
        "share_answered_in_time": rate(in_time, in_time + late),
        "requests_overdue_now": count(raw.get("overdue_request", 0)),
        "referrals_sent": count(raw.get("referrals_sent", 0)),
        "referrals_accepted": count(accepted),
        "referrals_refused": count(refused),
        "acceptance_rate": rate(accepted, accepted + refused),
        "refusal_rate": rate(refused, accepted + refused),
        "median_days_to_acceptance": median(DAYS["accepted_on"]),
        "median_days_to_completion": median(DAYS["completed_on"]),
        "referrals_overdue_now": count(raw.get("overdue_referral", 0)),
        "enrolments": count(raw.get("enrolments", 0)),
        "exits": count(raw.get("enrolment_exits", 0)),
        "transfers_in": count(raw.get("transfers_in", 0)),
        "transfers_out": count(raw.get("transfers_out", 0)),
        "centres_silent_48h": raw.get("silent", 0),
        "centres_headed_by_social_worker": raw.get("headed", 0),
        "centres_roster_unreported": raw.get("unreported", 0),
        "staff_positions": raw.get("staff", 0),
        "staff_positions_foreseen": raw.get("foreseen", 0),
    }


def _breakdowns(
    cur: psycopg.Cursor[Any], scope: Scope, first: date, end: date, suppressed: bool
) -> dict[str, dict[str, Cell]]:
    indicators = list(set(BREAKDOWNS.values()))
    if scope.level in PLACE_LEVELS:
        cur.execute(
            """SELECT indicator, dimension, SUM(n)::bigint AS n FROM place_facts
               WHERE level = %s AND code = %s AND indicator = ANY(%s)
                 AND month BETWEEN %s AND %s
               GROUP BY 1, 2""",
            (scope.level, scope.code or "", indicators, first, end),
        )
    else:
        where, params = scope.where()
        cur.execute(
            f"""SELECT f.indicator, f.dimension, SUM(f.n)::bigint AS n
                FROM monthly_facts f JOIN centre_dim d USING (centre_id)
                WHERE f.month BETWEEN %s AND %s AND f.indicator = ANY(%s) {where}
                GROUP BY 1, 2""",
            (first, end, indicators, *params),
        )
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


def _names(cur: psycopg.Cursor[Any]) -> dict[Level, dict[str, tuple[str, str]]]:
    cur.execute("SELECT centre_id, name_el, name_en FROM centre_dim")
    centres = {r["centre_id"]: (r["name_el"], r["name_en"]) for r in cur.fetchall()}
    units = {code: (el, el) for code, (el, _region) in regional_units().items()}
    return {
        "national": {},
        "region": dict(regions()),
        "regional_unit": units,
        "municipality": {c.removeprefix("KK-"): names for c, names in centres.items()},
        "centre": centres,
    }


def _median(days: dict[int, int]) -> tuple[int, float]:
    """How many values, given as value → how many times, and their median (the mean of
    the middle two when they are even in number, as PostgreSQL's percentile_cont(0.5))."""
    ordered = sorted((value, count) for value, count in days.items() if count > 0)
    n = sum(count for _, count in ordered)

    def at(index: int) -> int:
        for value, count in ordered:
            if index < count:
                return value
            index -= count
        raise IndexError(index)

    if n == 0:
        return 0, 0.0
    if n % 2:
        return n, float(at(n // 2))
    return n, (at(n // 2 - 1) + at(n // 2)) / 2


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
