"""What the overview reads of each place.

Each centre's monthly counts are also kept summed for its regional unit, its region and the
nation (``place_facts``, ``geography.places_of``), so that a large place is read from a few
rows.

And for every place, the centres included, a summary per month (``place_months``) holds
just what the overview's figures are made of: the totals of a few indicators over their
dimensions, and the referrals by days taken. A nation's year is then twelve rows (and its
regions' 156), however much happened in it. A summary is a function of the counts of its
place and month, made afresh from them whenever they change: ``SUMMARISE`` in SQL for the
live consumers, ``summary`` in Python for a rebuild; the tests hold the two to one another.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kk_reporting.facts import DAYS_INDICATORS
from kk_reporting.geography import places_of

# The overview's counts: each in total, and those in ``BY_DIMENSION`` by dimension too.
SUMMED = (
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
)
BY_DIMENSION = ("requests_answered",)
SUMMARISED = (*SUMMED, *DAYS_INDICATORS)
Summary = tuple[dict[str, int], dict[str, dict[str, int]]]  # totals, days taken
# How each summarised indicator goes into a summary (a rebuild makes tens of thousands).
_TOTAL, _BY_DIMENSION, _DAYS = 0, 1, 2
_HOW = {
    **{name: _BY_DIMENSION if name in BY_DIMENSION else _TOTAL for name in SUMMED},
    **dict.fromkeys(DAYS_INDICATORS, _DAYS),
}


def summary(counts: Iterable[tuple[str, str, int]]) -> Summary | None:
    """The summary of one place's month from its counts (indicator, dimension, n); None if
    it would say nothing (no such place-month is kept)."""
    totals: dict[str, int] = {}
    days: dict[str, dict[str, int]] = {}
    how = _HOW.get
    for indicator, dimension, n in counts:
        kind = how(indicator)
        if kind is None or not n:
            continue
        if kind == _DAYS:
            days.setdefault(indicator, {})[dimension] = n
            continue
        totals[indicator] = totals.get(indicator, 0) + n
        if kind == _BY_DIMENSION:
            key = f"{indicator}:{dimension}"
            totals[key] = totals.get(key, 0) + n
    totals = {k: n for k, n in totals.items() if n}
    return (totals, days) if totals or days else None


def _summarise(keys: str) -> str:
    """The statement that makes afresh the summaries of the place-months ``keys`` selects
    (level, code, month), from their counts; a place-month with nothing to say loses its
    row. The indicators are this module's constants, written into it."""
    read, summed, by_dimension, days = (
        "ARRAY[" + ", ".join(f"'{name}'" for name in names) + "]::text[]"
        for names in (SUMMARISED, SUMMED, BY_DIMENSION, DAYS_INDICATORS)
    )
    return f"""
WITH keys AS ({keys}),
f AS (
    SELECT p.level, p.code, p.month, p.indicator, p.dimension, p.n
    FROM place_facts p JOIN keys k USING (level, code, month)
    WHERE p.indicator = ANY({read}) AND p.n <> 0
    UNION ALL
    SELECT 'centre', m.centre_id, m.month, m.indicator, m.dimension, m.n
    FROM monthly_facts m JOIN keys k
      ON k.level = 'centre' AND k.code = m.centre_id AND k.month = m.month
    WHERE m.indicator = ANY({read}) AND m.n <> 0
),
totals AS (
    SELECT level, code, month, jsonb_object_agg(key, n) AS totals FROM (
        SELECT level, code, month, x.key, sum(n) AS n
        FROM f CROSS JOIN LATERAL (VALUES (f.indicator),
            (CASE WHEN f.indicator = ANY({by_dimension})
                  THEN f.indicator || ':' || f.dimension END)) AS x(key)
        WHERE x.key IS NOT NULL AND f.indicator = ANY({summed})
        GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ) s GROUP BY 1, 2, 3
),
days AS (
    SELECT level, code, month, jsonb_object_agg(indicator, taken) AS days FROM (
        SELECT level, code, month, indicator, jsonb_object_agg(dimension, n) AS taken
        FROM f WHERE indicator = ANY({days}) GROUP BY 1, 2, 3, 4
    ) d GROUP BY 1, 2, 3
),
gone AS (
    DELETE FROM place_months p USING keys k
    WHERE (p.level, p.code, p.month) = (k.level, k.code, k.month)
      AND NOT EXISTS (SELECT FROM totals t
                      WHERE (t.level, t.code, t.month) = (k.level, k.code, k.month))
      AND NOT EXISTS (SELECT FROM days d
                      WHERE (d.level, d.code, d.month) = (k.level, k.code, k.month))
)
INSERT INTO place_months (level, code, month, totals, days)
SELECT level, code, month, COALESCE(t.totals, '{{}}')::json, COALESCE(d.days, '{{}}')::json
FROM totals t FULL JOIN days d USING (level, code, month)
ORDER BY 1, 2, 3
ON CONFLICT (level, code, month) DO UPDATE SET totals = EXCLUDED.totals, days = EXCLUDED.days;
"""


# For the live consumers: the place-months named by three arrays (``summarise_params``).
SUMMARISE = _summarise(
    "SELECT DISTINCT * FROM unnest(%(levels)s::text[], %(codes)s::text[], %(months)s::date[])"
    " AS k(level, code, month)"
)
# For a read model made before the summaries were kept: every place-month, once.
BACKFILL_SUMMARIES = _summarise(
    """SELECT level, code, month FROM place_facts WHERE NOT EXISTS (SELECT FROM place_months)
       UNION SELECT 'centre', centre_id, month FROM monthly_facts
       WHERE NOT EXISTS (SELECT FROM place_months)"""
)


def summarise_params(keys: Iterable[tuple[str, str, date]]) -> dict[str, Any]:
    """The parameters of ``SUMMARISE`` for these place-months."""
    ordered = sorted(set(keys))
    return {
        "levels": [level for level, _, _ in ordered],
        "codes": [code for _, code, _ in ordered],
        "months": [month for _, _, month in ordered],
    }


def touched(centre_months: Iterable[tuple[str, date]]) -> set[tuple[str, str, date]]:
    """The place-months whose summaries counts at these centre-months change."""
    keys: set[tuple[str, str, date]] = set()
    for centre, month in centre_months:
        keys.add(("centre", centre, month))
        keys.update((level, code, month) for level, code in places_of(centre))
    return keys
