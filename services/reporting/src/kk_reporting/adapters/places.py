"""What the overview reads of each place.

Each centre's monthly counts are also kept summed for its regional unit, its region and the
nation (``place_facts``, ``geography.places_of``), so that a large place is read from a few
rows.

And for every place, the centres included, a summary per month (``place_months``) holds
just what the overview's figures are made of: the totals of a few indicators over their
dimensions, and the referrals by days taken. A nation's year is then twelve rows (and its
regions' 156), however much happened in it. A summary is a function of the counts of its
place and month, made afresh from them by ``SUMMARISE`` whenever they change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, LiteralString

from kk_reporting.domain.facts import DAYS_INDICATORS
from kk_reporting.domain.geography import places_of

# The places of each centre's counts (``f``): its regional unit, its region and the nation.
PLACES_OF = """
    JOIN unit_regions u ON u.unit = substr(f.centre_id, 4, 2)
    CROSS JOIN LATERAL (VALUES ('national', ''), ('region', u.region),
                               ('regional_unit', u.unit)) AS p(level, code)"""
LEVELS = ("national", "region", "regional_unit")


def place_sums(source: LiteralString, level: LiteralString | None = None) -> LiteralString:
    """The statement that adds the centres' counts in ``source`` (a table shaped as
    ``monthly_facts``) to their places' sums: of every level, or of ``level`` alone. Each in
    the key's order, so that writers of the same keys lock them in one order."""
    only = f"WHERE p.level = '{level}'" if level else ""
    return f"""INSERT INTO place_facts
        SELECT p.level, p.code, f.month, f.indicator, f.dimension, sum(f.n)
        FROM {source} f {PLACES_OF} {only}
        GROUP BY 1, 2, 4, 3, 5
        ORDER BY 1, 2, 4, 3, 5
        ON CONFLICT (level, code, indicator, month, dimension)
        DO UPDATE SET n = place_facts.n + EXCLUDED.n"""


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


def _summarise(keys: str) -> str:
    """The statement that makes afresh the summaries of the place-months ``keys`` selects
    (level, code, month), from their counts; a place-month with nothing to say loses its
    row. The indicators are this module's constants, written into it.

    The places' counts are picked with ``IN`` (a semi-join), not joined to the keys: the
    planner, estimating a handful of rows from the join, merged the sums' key order with
    the keys on (level, code) alone, and then compared every month of a place with every
    other (tens of millions of rows for a rebuild's every place-month)."""
    read, summed, by_dimension, days = (
        "ARRAY[" + ", ".join(f"'{name}'" for name in names) + "]::text[]"
        for names in (SUMMARISED, SUMMED, BY_DIMENSION, DAYS_INDICATORS)
    )
    return f"""
WITH keys AS ({keys}),
f AS (
    SELECT p.level, p.code, p.month, p.indicator, p.dimension, p.n
    FROM place_facts p
    WHERE (p.level, p.code, p.month) IN (SELECT level, code, month FROM keys)
      AND p.indicator = ANY({read}) AND p.n <> 0
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
# Every summary of the centres, and of the places, each once: a rebuild's last step.
SUMMARISE_CENTRES = _summarise(
    "SELECT DISTINCT 'centre'::text AS level, centre_id AS code, month FROM monthly_facts"
)
SUMMARISE_PLACES = _summarise("SELECT DISTINCT level, code, month FROM place_facts")


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
