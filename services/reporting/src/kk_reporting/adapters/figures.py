"""The raw figures of places over a period, read from their monthly summaries (their public
form: ``domain.public``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import psycopg
from kk_contracts.reference import regional_units, regions
from psycopg.rows import tuple_row

from kk_reporting.domain.facts import HELD_CHANGE
from kk_reporting.domain.geography import PLACE_LEVELS
from kk_reporting.domain.public import Raw

Level = Literal["national", "region", "regional_unit", "municipality", "centre"]
SILENT_HOURS = 48
COLUMN: dict[Level, str] = {
    "region": "d.region_code",
    "regional_unit": "d.regional_unit_code",
    "municipality": "d.municipality_code",
    "centre": "d.centre_id",
}
_ATTRIBUTE = {level: column.removeprefix("d.") for level, column in COLUMN.items()}
SILENT = f"""d.status = 'operating' AND COALESCE(s.last_event_at, d.registered_at, '-infinity')
              < now() - interval '{SILENT_HOURS} hours'"""


@dataclass(frozen=True)
class Scope:
    level: Level
    code: str | None
    own_centre: bool = False

    def where(self) -> tuple[str, tuple[str, ...]]:
        if self.level == "national" or self.code is None:
            return "", ()
        return f"AND {COLUMN[self.level]} = %s", (self.code,)


# The scope's centres, as a subquery (``Scope.where`` completes it).
_CENTRES = "SELECT d.centre_id FROM centre_dim d WHERE true"


# The centres (d), when each was last heard of (s) and its overdue items by kind (o).
_CENTRES_SEEN = """FROM centre_dim d LEFT JOIN centre_seen s USING (centre_id)
            LEFT JOIN (SELECT centre_id,
                              sum(n) FILTER (WHERE kind = 'request')::bigint AS request,
                              sum(n) FILTER (WHERE kind = 'referral')::bigint AS referral
                       FROM overdue_counts GROUP BY 1) o USING (centre_id)"""


def _send_centres(cur: psycopg.Cursor[Any], scope: Scope) -> None:
    """The centres of the scope, each with its places, names, staffing, whether it has
    been silent, when it was last heard of and its overdue items by kind: one query."""
    where, params = scope.where()
    cur.execute(
        f"""SELECT d.centre_id, d.name_el, d.name_en, d.region_code, d.regional_unit_code,
                   d.municipality_code, d.population, d.head_social_worker, d.staff,
                   d.staffing_band, {SILENT} AS silent, s.last_event_at,
                   COALESCE(o.request, 0) AS overdue_request,
                   COALESCE(o.referral, 0) AS overdue_referral
            {_CENTRES_SEEN}
            WHERE true {where} ORDER BY d.centre_id""",
        params,
    )


def _send_places(cur: psycopg.Cursor[Any], scope: Scope, group: Level) -> None:
    """The centres of the scope added up for each place of the ``group`` level inside it
    (what ``_send_centres`` gives of each centre, summed; the silent ones by id): a row a
    place, not a centre."""
    where, params = scope.where()
    cur.execute(
        f"""SELECT {COLUMN[group]} AS place, count(*) AS centres,
                   sum(d.population)::bigint AS population,
                   count(*) FILTER (WHERE d.head_social_worker) AS headed,
                   count(*) FILTER (WHERE d.staff IS NULL) AS unreported,
                   COALESCE(sum(d.staff), 0)::bigint AS staff,
                   COALESCE(sum(d.staffing_band), 0)::bigint AS foreseen,
                   COALESCE(array_agg(d.centre_id) FILTER (WHERE {SILENT}), '{{}}') AS silent,
                   max(s.last_event_at) AS last_event_at,
                   COALESCE(sum(o.request), 0)::bigint AS overdue_request,
                   COALESCE(sum(o.referral), 0)::bigint AS overdue_referral
            {_CENTRES_SEEN}
            WHERE true {where} GROUP BY 1""",
        params,
    )


class Reading:
    """The queries that make the raw figures of a scope over a period, sent together on
    ``conn`` in ``pipeline`` mode (in its transaction, so in one snapshot): PostgreSQL
    answers each while the one before is read here. ``group``: the level of the places
    inside the scope to give the figures of, or None for the scope's whole.

    The summaries are the largest answer to read. Those of places (the nation's regions, a
    region's units) need nothing else to be added up, so they are asked for first, on their
    own, and added up while PostgreSQL answers the rest (``add_summaries``); those of
    centres go each to its place, known from the centres' answer (``figures``). For the
    figures of places, the centres come already added up for each place.

    Once ``figures`` has read them: the scope's ``silent`` centres (by id) and when the
    last event of any was heard of (``last_heard``)."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        pipeline: psycopg.Pipeline,
        scope: Scope,
        first: date,
        end: date,
        group: Level | None,
    ) -> None:
        self.group = group
        self._centres = conn.cursor()
        # (code, totals, days) and (code, n): read as tuples, the cheaper rows
        self._summaries, self._held = (conn.cursor(row_factory=tuple_row) for _ in range(2))
        self._out: dict[str | None, Raw] = defaultdict(lambda: defaultdict(int))
        self._added = False
        self.silent: list[str] = []
        self.last_heard: datetime | None = None
        self.level, codes = _summarised(scope, group)
        # the level whose places the centres come added up for, if any
        self._places_of = group if self.level != "centre" else None
        # a code list, or the scope's centres as a subquery
        where, params = scope.where()
        among, among_params = (
            ("= ANY(%s)", (codes,)) if codes is not None else (f"IN ({_CENTRES} {where})", params)
        )
        self._summaries.execute(
            f"""SELECT code, totals, days FROM place_months
                WHERE level = %s AND code {among} AND month BETWEEN %s AND %s""",
            (self.level, *among_params, first, end),
        )
        if self.level != "centre":
            pipeline.sync()  # their answer is in, to be read while the rest are answered
        if self._places_of is not None:
            _send_places(self._centres, scope, self._places_of)
        else:
            _send_centres(self._centres, scope)
        if self.level == "centre":  # (the indicator written in: its own index has it)
            self._held.execute(
                f"""SELECT centre_id AS code, sum(n)::bigint AS n FROM monthly_facts
                    WHERE centre_id {among} AND indicator = '{HELD_CHANGE}' AND month <= %s
                    GROUP BY 1""",
                (*among_params, end),
            )
        else:
            self._held.execute(
                f"""SELECT code, sum(n)::bigint AS n FROM place_facts
                    WHERE level = %s AND code {among} AND indicator = %s AND month <= %s
                    GROUP BY 1""",
                (self.level, *among_params, HELD_CHANGE, end),
            )

    def add_summaries(self) -> None:
        """Adds up the summaries of places, each under its own code (those of centres wait
        for ``figures``)."""
        if self.level != "centre" and not self._added:
            _add_summaries(self._summaries.fetchall(), self._out, _itself)
            self._added = True

    def centres(self) -> list[dict[str, Any]]:
        """The scope's centres, a row each (none when they come added up for each place)."""
        if self._places_of is not None:
            return []
        rows: list[dict[str, Any]] = self._centres.fetchall()
        return rows

    def figures(self, centres: list[dict[str, Any]]) -> dict[str | None, Raw]:
        """The raw figures (no suppression yet) of the scope's ``centres``, in total (under
        None) or per place of the ``group`` level inside the scope."""
        out = self._out
        placed: dict[str, str | None] = {}
        if self._places_of is not None:
            self._add_places(self._centres.fetchall())
        else:
            key = _ATTRIBUTE[self.group] if self.group else None
            for row in centres:
                place = row[key] if key else None
                figures, placed[row["centre_id"]] = out[place], place
                figures["overdue_request"] += int(row["overdue_request"])
                figures["overdue_referral"] += int(row["overdue_referral"])
                figures["centres"] += 1
                figures["population"] += row["population"] or 0
                figures["headed"] += bool(row["head_social_worker"])
                figures["unreported"] += row["staff"] is None
                figures["staff"] += row["staff"] or 0
                figures["foreseen"] += row["staffing_band"] or 0
                figures["silent"] += bool(row["silent"])
            self.silent = [row["centre_id"] for row in centres if row["silent"]]
            heard = [row["last_event_at"] for row in centres if row["last_event_at"]]
            self.last_heard = max(heard) if heard else None
        # the place each summarised code's figures go to: a centre's, or the code itself
        if self.level == "centre":
            at: Callable[[str], str | None] = placed.get
            _add_summaries(self._summaries.fetchall(), out, at)
        else:
            at = _itself
            self.add_summaries()
        for code, n in self._held.fetchall():
            out[at(code)]["active"] += int(n)
        if self.group is None and None not in out:
            out[None] = defaultdict(int)
        return out

    def _add_places(self, rows: list[dict[str, Any]]) -> None:
        """The centres' figures as they come added up for each place."""
        heard = []
        for row in rows:
            figures = self._out[row["place"]]
            for name in _ADDED_UP:
                figures[name] += int(row[name])
            figures["silent"] += len(row["silent"])
            self.silent += row["silent"]
            if row["last_event_at"]:
                heard.append(row["last_event_at"])
        self.silent.sort()
        self.last_heard = max(heard) if heard else None


# What the centres of a place come to, as ``_send_places`` adds them up.
_ADDED_UP = (
    "overdue_request",
    "overdue_referral",
    "centres",
    "population",
    "headed",
    "unreported",
    "staff",
    "foreseen",
)


def _itself(code: str) -> str | None:
    return code


def _summarised(scope: Scope, group: Level | None) -> tuple[str, list[str] | None]:
    """Which summaries make the figures: the place's own (a nation, region or unit), or
    those of its regions or units, or else (None) those of its centres."""
    if group is None and scope.level in PLACE_LEVELS:
        return scope.level, [scope.code or ""]
    if group == "region":
        return "region", list(regions())
    if group == "regional_unit":
        units = regional_units()
        inside = scope.level == "national"
        return "regional_unit", [u for u, (_, r) in units.items() if inside or r == scope.code]
    return "centre", None


def _add_summaries(
    rows: list[tuple[str, dict[str, int], dict[str, dict[str, int]]]],
    out: dict[str | None, Raw],
    at: Callable[[str], str | None],
) -> None:
    """The period's counts and days taken, from the place-months' summaries (code, totals,
    days). ``at`` maps each code to the place its figures go to."""
    days_taken: dict[tuple[str | None, str], dict[str, int]] = {}
    for code, totals, days_of in rows:
        place = at(code)
        figures = out[place]
        for name, n in totals.items():
            figures[name] += n
        for indicator, taken in days_of.items():
            days = days_taken.get((place, indicator))
            if days is None:  # a place's first month of them: taken whole
                days_taken[place, indicator] = dict(taken)
                continue
            get = days.get
            for value, n in taken.items():
                days[value] = get(value, 0) + n
    for (place, indicator), days in days_taken.items():  # the days as numbers, once each
        out[place][indicator] = {int(value): n for value, n in days.items()}
