"""Monthly indicators: every event becomes counts per centre, month, indicator and
dimension (a code: the axis, the body's category, the outcome…), dated by the fact itself
(registered on, logged on, sent on…), not by when it reached reporting. Municipality,
region and nation are sums over centres joined with ``centre_dim``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from operator import attrgetter
from typing import Any, LiteralString
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.codes import RequestStatus
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryInformed,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    RequestLogged,
    RequestOverdue,
    RequestStatusChanged,
)
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ReferralAccepted,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralRefused,
    ReferralSent,
    ReferralWithdrawn,
)
from kk_contracts.reference import regional_units

CLOSED_REQUEST = {RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.WITHDRAWN}


# A count one event adds one to: (centre, first day of the month, indicator, dimension).
# A plain tuple: millions are made in a rebuild.
Fact = tuple[str, date, str, str]


def _month(on: date) -> date:
    return on.replace(day=1)


def _registered(e: BeneficiaryRegistered) -> list[Fact]:
    c, m = e.centre_id, _month(e.registered_on)
    facts = [
        (c, m, "beneficiaries_registered", ""),
        (c, m, "beneficiaries_by_sex", e.sex.value),
        (c, m, "beneficiaries_by_age", e.age_band.value),
    ]
    facts += [(c, m, "beneficiaries_by_group", g.value) for g in e.vulnerable_groups]
    if e.mgi_recipient:
        facts.append((c, m, "mgi_recipients", ""))
    return facts


def _transferred(e: BeneficiaryTransferred) -> list[Fact]:
    m = _month(e.transferred_on)
    return [
        (e.to_centre, m, "transfers_in", e.from_centre),
        (e.from_centre, m, "transfers_out", e.to_centre),
    ]


def _logged(e: RequestLogged) -> list[Fact]:
    c, m = e.centre_id, _month(e.logged_on)
    return [
        (c, m, "requests_by_axis", e.axis.value),
        (c, m, "requests_by_category", e.category.value),
    ]


def _informed(e: BeneficiaryInformed) -> list[Fact]:
    answer = "in_time" if e.within_deadline else "late"
    return [(e.centre_id, _month(e.informed_on), "requests_answered", answer)]


def _one(on: str, indicator: str, code: str | None = None) -> Callable[[Any], list[Fact]]:
    """The one count an event of a kind adds: at its centre, in the month of its ``on``
    date, by the code in its ``code`` field (if any)."""
    date_of = attrgetter(on)
    code_of = attrgetter(code) if code else None

    def facts(e: Any) -> list[Fact]:
        dimension = code_of(e).value if code_of else ""
        return [(e.centre_id, _month(date_of(e)), indicator, dimension)]

    return facts


_FACTS: dict[type[IntegrationEvent], Callable[[Any], list[Fact]]] = {
    BeneficiaryRegistered: _registered,
    BeneficiaryErased: _one("erased_on", "beneficiaries_erased"),
    BeneficiaryTransferred: _transferred,
    RequestLogged: _logged,
    BeneficiaryInformed: _informed,
    RequestOverdue: _one("detected_on", "requests_overdue"),
    ReferralSent: _one("sent_on", "referrals_sent", "body_category"),
    ReferralAccepted: _one("accepted_on", "referrals_accepted", "body_category"),
    ReferralRefused: _one("refused_on", "referrals_refused", "reason"),
    ReferralCompleted: _one("completed_on", "referrals_completed", "outcome"),
    ReferralExpired: _one("expired_on", "referrals_expired", "body_category"),
    ReferralWithdrawn: _one("withdrawn_on", "referrals_withdrawn", "body_category"),
    ReferralOverdue: _one("flagged_on", "referrals_overdue", "body_category"),
    ProgramEnrolled: _one("start_date", "enrolments", "programme_category"),
    ProgramRejected: _one("decided_on", "enrolment_rejections", "reason"),
    ProgramExited: _one("exited_on", "enrolment_exits", "programme_category"),
}


# The files a centre holds change by +1 for each opened or transferred in, by -1 for each
# transferred out or erased: counted by month too, the files held at any month's end are
# the sum of its changes to then, read from a row a month.
HELD_CHANGE = "files_held_change"
_HELD: dict[type[IntegrationEvent], Callable[[Any], list[tuple[Fact, int]]]] = {
    BeneficiaryRegistered: lambda e: [((e.centre_id, _month(e.registered_on), HELD_CHANGE, ""), 1)],
    BeneficiaryErased: lambda e: [((e.centre_id, _month(e.erased_on), HELD_CHANGE, ""), -1)],
    BeneficiaryTransferred: lambda e: [
        ((e.to_centre, _month(e.transferred_on), HELD_CHANGE, ""), 1),
        ((e.from_centre, _month(e.transferred_on), HELD_CHANGE, ""), -1),
    ],
}
# Counts kept for reading the figures, not shown as indicators of their own.
NOT_SHOWN = (HELD_CHANGE, "days_to_acceptance", "days_to_completion")


def facts_of(e: IntegrationEvent) -> list[Fact]:
    """The counts one event adds one to, each dated by the month of the fact itself."""
    facts = _FACTS.get(type(e))
    return facts(e) if facts is not None else []


# Days from a referral's sending to its acceptance and to its completion, counted as facts
# (the dimension is the number of days) in the month of the acceptance or completion: a
# median over any place and period is read from these counts, however many referrals.
DAYS = {"accepted_on": "days_to_acceptance", "completed_on": "days_to_completion"}

# Each centre's counts are also kept summed for its regional unit, its region and the nation
# (``place_facts``), so that a large place is read from a few rows. A centre's id holds its
# municipality's ELSTAT code, whose first two digits are the regional unit.
PLACE_LEVELS = ("national", "region", "regional_unit")
_PLACE_KEY = "PRIMARY KEY (level, code, indicator, month, dimension)"
_UNIT_REGIONS = (
    "INSERT INTO unit_regions VALUES "
    + ", ".join(f"('{unit}', '{region}')" for unit, (_, region) in regional_units().items())
    + " ON CONFLICT (unit) DO UPDATE SET region = EXCLUDED.region;\n"
)
_PLACES_OF = """
    JOIN unit_regions u ON u.unit = substr(f.centre_id, 4, 2)
    CROSS JOIN LATERAL (VALUES ('national', ''), ('region', u.region),
                               ('regional_unit', u.unit)) AS p(level, code)"""
# Read models made before the sums and the days were kept get them once, from what they hold.
_BACKFILL = f"""
INSERT INTO monthly_facts
SELECT centre_id, date_trunc('month', accepted_on)::date, 'days_to_acceptance',
       (accepted_on - sent_on)::text, count(*)
FROM referral_days
WHERE accepted_on IS NOT NULL
  AND NOT EXISTS (SELECT FROM monthly_facts WHERE indicator LIKE 'days_to_%')
GROUP BY 1, 2, 4
UNION ALL
SELECT centre_id, date_trunc('month', completed_on)::date, 'days_to_completion',
       (completed_on - sent_on)::text, count(*)
FROM referral_days
WHERE completed_on IS NOT NULL
  AND NOT EXISTS (SELECT FROM monthly_facts WHERE indicator LIKE 'days_to_%')
GROUP BY 1, 2, 4;
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
FROM monthly_facts f {_PLACES_OF}
WHERE NOT EXISTS (SELECT FROM place_facts)
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO overdue_counts
SELECT centre_id, kind, count(*) FROM open_overdue
WHERE NOT EXISTS (SELECT FROM overdue_counts)
GROUP BY 1, 2;
"""


class MonthlyFacts:
    """The monthly counts, fed by the tracked consumer: each event's counts are added in the
    same transaction that records its offset, so each is counted exactly once.

    Beside them, what a count by month cannot say: which requests and referrals are overdue
    now (``open_overdue``, until answered or closed), each referral's dates (``referral_days``,
    for the days to acceptance and to completion), and when each centre was last heard of
    (``centre_seen``, for the centres silent for 48 hours). Ids of requests and referrals
    only: nothing that names or points to a person."""

    group = "reporting.monthly"
    events = (
        BeneficiaryRegistered,
        BeneficiaryErased,
        BeneficiaryTransferred,
        RequestLogged,
        RequestStatusChanged,
        BeneficiaryInformed,
        RequestOverdue,
        ReferralSent,
        ReferralAccepted,
        ReferralRefused,
        ReferralCompleted,
        ReferralExpired,
        ReferralWithdrawn,
        ReferralOverdue,
        ProgramEnrolled,
        ProgramRejected,
        ProgramExited,
    )
    topics = (Topic.BENEFICIARIES, Topic.REQUESTS, Topic.REFERRALS, Topic.ENROLMENTS)
    dead_letter_topic = dead_letter_topic("reporting")
    ddl = (
        """
    CREATE TABLE IF NOT EXISTS monthly_facts (
        centre_id text NOT NULL, month date NOT NULL, indicator text NOT NULL,
        dimension text NOT NULL, n bigint NOT NULL,
        PRIMARY KEY (indicator, month, centre_id, dimension)
    );
    CREATE INDEX IF NOT EXISTS monthly_facts_by_centre ON monthly_facts (centre_id, month);
    CREATE TABLE IF NOT EXISTS place_facts (
        level text COLLATE "C" NOT NULL, code text COLLATE "C" NOT NULL, month date NOT NULL,
        indicator text COLLATE "C" NOT NULL, dimension text COLLATE "C" NOT NULL,
        n bigint NOT NULL, """
        + _PLACE_KEY
        + """
    );
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
        referral_id uuid PRIMARY KEY, centre_id text NOT NULL, sent_on date NOT NULL,
        accepted_on date, completed_on date
    );
    CREATE TABLE IF NOT EXISTS centre_seen (
        centre_id text PRIMARY KEY, last_event_at timestamptz NOT NULL
    );
    """
        + _UNIT_REGIONS
        + _BACKFILL
    )

    tables = (
        "monthly_facts",
        "place_facts",
        "unit_regions",
        "open_overdue",
        "overdue_counts",
        "referral_days",
        "centre_seen",
    )

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        tally = self.tally()
        tally.add(envelope)
        tally.write(cur)

    def tally(self, *, bulk: bool = False) -> MonthlyTally:
        """``bulk``: for a rebuild, which leaves the places' sums to ``rebuilt``."""
        return MonthlyTally(places=not bulk)

    def rebuilt(self, cur: psycopg.Cursor[Any]) -> None:
        """The places' sums of a rebuild's counts, all at once: one pass over the centres'
        counts, into the table without its indexes, which are then built whole (cheaper,
        by far, than summing as it goes or growing the indexes row by row)."""
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cur.execute("ALTER TABLE place_facts DROP CONSTRAINT place_facts_pkey")
        cur.execute(
            """INSERT INTO place_facts
               SELECT CASE WHEN GROUPING(u.unit) = 0 THEN 'regional_unit'
                           WHEN GROUPING(u.region) = 0 THEN 'region' ELSE 'national' END,
                      COALESCE(u.unit, u.region, ''), f.month, f.indicator, f.dimension,
                      sum(f.n)
               FROM monthly_facts f JOIN unit_regions u ON u.unit = substr(f.centre_id, 4, 2)
               GROUP BY GROUPING SETS ((u.unit, f.month, f.indicator, f.dimension),
                                       (u.region, f.month, f.indicator, f.dimension),
                                       (f.month, f.indicator, f.dimension))"""
        )
        cur.execute(f"ALTER TABLE place_facts ADD {_PLACE_KEY}")


class MonthlyTally:
    """Any number of events in a handful of set-wise statements, the same as one event at a
    time: counts and last-seen times are sums and maxima; an overdue item's fate and a
    referral's dates are what its last events say."""

    def __init__(self, *, places: bool = True) -> None:
        self.places = places
        self.counts: Counter[Fact] = Counter()
        self.seen: dict[str, datetime] = {}
        self.follow = _Followed()

    def __len__(self) -> int:
        return len(self.counts) + len(self.follow)

    def add(self, envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        facts = _FACTS.get(type(e))
        if facts is not None:
            self.counts.update(facts(e))
            held = _HELD.get(type(e))
            if held is not None:
                for key, change in held(e):
                    self.counts[key] += change
        self.follow.add(e)
        # the centre where it happened: every event kept here names one
        centre = e.to_centre if isinstance(e, BeneficiaryTransferred) else e.centre_id  # type: ignore[attr-defined]
        last = self.seen.get(centre)
        if last is None or last < envelope.time:
            self.seen[centre] = envelope.time

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        counts = self.counts
        days = self.follow.write(cur)
        if days:
            counts = Counter(counts)
            counts.update(days)  # adds, keeping the negative ones (a completion moved)
        if counts:
            _scratch(
                cur,
                "monthly_facts_in",
                "centre_id text, month date, indicator text, dimension text, n bigint",
                ["text", "date", "text", "text", "int8"],
                ((*key, n) for key, n in counts.items()),
            )
            # in the key's order, so that concurrent writers of the same keys lock them in
            # one order
            cur.execute(
                """INSERT INTO monthly_facts
                   SELECT * FROM monthly_facts_in
                   ORDER BY indicator, month, centre_id, dimension
                   ON CONFLICT (indicator, month, centre_id, dimension)
                   DO UPDATE SET n = monthly_facts.n + EXCLUDED.n"""
            )
        if counts and self.places:
            cur.execute(
                f"""INSERT INTO place_facts
                    SELECT p.level, p.code, f.month, f.indicator, f.dimension, sum(f.n)
                    FROM monthly_facts_in f {_PLACES_OF}
                    GROUP BY 1, 2, 4, 3, 5
                    ORDER BY 1, 2, 4, 3, 5
                    ON CONFLICT (level, code, indicator, month, dimension)
                    DO UPDATE SET n = place_facts.n + EXCLUDED.n"""
            )
        if self.seen:
            centres = sorted(self.seen)
            cur.execute(
                """INSERT INTO centre_seen SELECT * FROM unnest(%s::text[], %s::timestamptz[])
                   ON CONFLICT (centre_id) DO UPDATE
                   SET last_event_at = GREATEST(centre_seen.last_event_at,
                                                EXCLUDED.last_event_at)""",
                (centres, [self.seen[c] for c in centres]),
            )


class _Followed:
    """The overdue items and the referrals' dates some events leave behind."""

    def __init__(self) -> None:
        self.settled: set[tuple[str, UUID]] = set()  # removed at some point
        self.overdue: dict[tuple[str, UUID], tuple[str, date]] = {}  # flagged after that
        # referrals sent among these events: [centre, sent on, accepted on, completed on]
        self.sent: dict[UUID, list[Any]] = {}
        # and the dates of referrals sent before them
        self.accepted: dict[UUID, date] = {}
        self.completed: dict[UUID, date] = {}

    def __len__(self) -> int:
        return (
            len(self.settled)
            + len(self.overdue)
            + len(self.sent)
            + len(self.accepted)
            + len(self.completed)
        )

    def add(self, e: IntegrationEvent) -> None:
        follow = _FOLLOW.get(type(e))
        if follow is not None:
            follow(self, e)

    def _request_overdue(self, e: RequestOverdue) -> None:
        self._flag(("request", e.request_id), e.centre_id, e.detected_on)

    def _request_answered(self, e: BeneficiaryInformed) -> None:
        self._settle(("request", e.request_id))

    def _request_status(self, e: RequestStatusChanged) -> None:
        if e.status in CLOSED_REQUEST:
            self._settle(("request", e.request_id))

    def _referral_overdue(self, e: ReferralOverdue) -> None:
        self._flag(("referral", e.referral_id), e.centre_id, e.flagged_on)

    def _referral_sent(self, e: ReferralSent) -> None:
        self.sent.setdefault(e.referral_id, [e.centre_id, e.sent_on, None, None])

    def _referral_accepted(self, e: ReferralAccepted) -> None:
        row = self.sent.get(e.referral_id)
        if row is None:
            self.accepted.setdefault(e.referral_id, e.accepted_on)  # the first acceptance
        elif row[2] is None:
            row[2] = e.accepted_on

    def _referral_completed(self, e: ReferralCompleted) -> None:
        self._settle(("referral", e.referral_id))
        row = self.sent.get(e.referral_id)
        if row is None:
            self.completed[e.referral_id] = e.completed_on  # the last completion
        else:
            row[3] = e.completed_on

    def _referral_withdrawn(self, e: ReferralWithdrawn) -> None:
        self._settle(("referral", e.referral_id))

    def _flag(self, item: tuple[str, UUID], centre: str, since: date) -> None:
        self.overdue.setdefault(item, (centre, since))  # an item flagged again keeps its date

    def _settle(self, item: tuple[str, UUID]) -> None:
        self.settled.add(item)
        self.overdue.pop(item, None)

    def write(self, cur: psycopg.Cursor[Any]) -> Counter[Fact]:
        """Writes the items and dates; the days-to facts they add (and take away, where a
        completion moved) come back."""
        days: Counter[Fact] = Counter()
        overdue: Counter[tuple[str, str]] = Counter()  # open overdue items, per centre
        if self.settled:
            _scratch(cur, "settled_in", "kind text, item_id uuid", ["text", "uuid"], self.settled)
            cur.execute(
                """DELETE FROM open_overdue o USING settled_in s
                   WHERE o.kind = s.kind AND o.item_id = s.item_id
                   RETURNING o.centre_id, o.kind"""
            )
            overdue.subtract((r["centre_id"], r["kind"]) for r in cur.fetchall())
        if self.overdue:
            cur.execute(
                """INSERT INTO open_overdue
                   SELECT * FROM unnest(%s::text[], %s::uuid[], %s::text[], %s::date[])
                   ON CONFLICT DO NOTHING RETURNING centre_id, kind""",
                (
                    [k for k, _ in self.overdue],
                    [i for _, i in self.overdue],
                    [c for c, _ in self.overdue.values()],
                    [d for _, d in self.overdue.values()],
                ),
            )
            overdue.update((r["centre_id"], r["kind"]) for r in cur.fetchall())
        if overdue:
            keys = sorted(overdue)  # in the key's order: see the counts
            cur.execute(
                """INSERT INTO overdue_counts SELECT * FROM unnest(%s::text[], %s::text[],
                                                                   %s::bigint[])
                   ON CONFLICT (centre_id, kind) DO UPDATE
                   SET n = overdue_counts.n + EXCLUDED.n""",
                ([c for c, _ in keys], [k for _, k in keys], [overdue[k] for k in keys]),
            )
        if self.sent:
            _scratch(
                cur,
                "referral_days_in",
                "referral_id uuid, centre_id text, sent_on date, accepted_on date,"
                " completed_on date",
                ["uuid", "text", "date", "date", "date"],
                ((referral, *dates) for referral, dates in self.sent.items()),
            )
            cur.execute(
                """INSERT INTO referral_days (referral_id, centre_id, sent_on, accepted_on,
                                              completed_on)
                   SELECT * FROM referral_days_in ON CONFLICT DO NOTHING
                   RETURNING centre_id, sent_on, accepted_on, completed_on"""
            )
            for row in cur.fetchall():
                for column, indicator in DAYS.items():
                    if row[column] is not None:
                        days[_days(row["centre_id"], row["sent_on"], row[column], indicator)] += 1
        if self.accepted:
            cur.execute(
                """UPDATE referral_days r SET accepted_on = a.d
                   FROM unnest(%s::uuid[], %s::date[]) AS a(i, d)
                   WHERE r.referral_id = a.i AND r.accepted_on IS NULL
                   RETURNING r.centre_id, r.sent_on, r.accepted_on""",
                (list(self.accepted), list(self.accepted.values())),
            )
            for row in cur.fetchall():
                days[
                    _days(row["centre_id"], row["sent_on"], row["accepted_on"], DAYS["accepted_on"])
                ] += 1
        if self.completed:
            # ``before`` is the row as it stood: a completion that moves takes its days back
            cur.execute(
                """UPDATE referral_days r SET completed_on = c.d
                   FROM unnest(%s::uuid[], %s::date[]) AS c(i, d), referral_days before
                   WHERE r.referral_id = c.i AND before.referral_id = c.i
                     AND r.completed_on IS DISTINCT FROM c.d
                   RETURNING r.centre_id, r.sent_on, before.completed_on AS before,
                             r.completed_on AS after""",
                (list(self.completed), list(self.completed.values())),
            )
            indicator = DAYS["completed_on"]
            for row in cur.fetchall():
                if row["before"] is not None:
                    days[_days(row["centre_id"], row["sent_on"], row["before"], indicator)] -= 1
                days[_days(row["centre_id"], row["sent_on"], row["after"], indicator)] += 1
        return days


def _days(centre: str, sent_on: date, on: date, indicator: str) -> Fact:
    return (centre, _month(on), indicator, str((on - sent_on).days))


def _scratch(
    cur: psycopg.Cursor[Any],
    table: LiteralString,
    columns: LiteralString,
    types: list[str],
    rows: Iterable[Any],
) -> None:
    """``rows`` COPYed (binary) into a temporary table of this session, emptied first: many
    rows reach a statement faster so than as arrays bound to it. ``table`` and ``columns``
    are constants of this module, never input."""
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
    cur.execute(f"TRUNCATE {table}")
    with cur.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


_FOLLOW: dict[type[IntegrationEvent], Callable[[_Followed, Any], None]] = {
    RequestOverdue: _Followed._request_overdue,
    BeneficiaryInformed: _Followed._request_answered,
    RequestStatusChanged: _Followed._request_status,
    ReferralOverdue: _Followed._referral_overdue,
    ReferralSent: _Followed._referral_sent,
    ReferralAccepted: _Followed._referral_accepted,
    ReferralCompleted: _Followed._referral_completed,
    ReferralWithdrawn: _Followed._referral_withdrawn,
}


SUPPRESSED = "<5"
Cell = int | str


def suppress(rows: dict[str, dict[str, int]]) -> dict[str, dict[str, Cell]]:
    """Small-cell suppression of one indicator's table (dimension → month → count) with its
    totals: counts from 1 to 4 become "<5", and where a row or a column would then hide a
    single cell, the next smallest count beside it is hidden too, so that no total gives a
    hidden count back."""
    table: dict[str, dict[str, Cell]] = {d: dict(months) for d, months in rows.items()}
    months = sorted({m for row in rows.values() for m in row})
    for row in table.values():
        row["total"] = sum(v for v in row.values() if isinstance(v, int))
    hidden = {(d, m) for d, row in table.items() for m, v in row.items() if _small(v)}
    while True:
        more = set()
        for d, row in table.items():  # each row against its total
            more |= _complement(hidden, [(d, m) for m in row], table)
        for m in [*months, "total"]:  # each month against the month's total
            more |= _complement(hidden, [(d, m) for d in table if m in table[d]], table)
        if not more - hidden:
            break
        hidden |= more
    for d, m in hidden:
        table[d][m] = SUPPRESSED
    return table


def _small(value: Cell) -> bool:
    return isinstance(value, int) and 0 < value < 5


def _complement(
    hidden: set[tuple[str, str]], cells: list[tuple[str, str]], table: dict[str, dict[str, Cell]]
) -> set[tuple[str, str]]:
    """If exactly one of ``cells`` is hidden, the smallest other one: a non-zero one if there
    is one (hiding a zero hides little, but beats giving the cell back)."""
    if sum(cell in hidden for cell in cells) != 1:
        return set()
    others = [c for c in cells if c not in hidden]
    if not others:
        return set()
    return {min(others, key=lambda c: (int(table[c[0]][c[1]]) == 0, int(table[c[0]][c[1]])))}


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


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
    regional unit from their sums; else of the centres ``where`` selects."""
    if level in PLACE_LEVELS:
        cur.execute(
            """SELECT indicator, dimension, month, n FROM place_facts
               WHERE level = %s AND code = %s AND month BETWEEN %s AND %s
                 AND NOT indicator = ANY(%s)""",
            (level, code or "", first.replace(day=1), last, list(NOT_SHOWN)),
        )
    else:
        cur.execute(
            f"""SELECT f.indicator, f.dimension, f.month, SUM(f.n)::bigint AS n
                FROM monthly_facts f JOIN centre_dim d USING (centre_id)
                WHERE f.month BETWEEN %s AND %s AND NOT f.indicator = ANY(%s) {where}
                GROUP BY f.indicator, f.dimension, f.month""",
            (first.replace(day=1), last, list(NOT_SHOWN), *params),
        )
    out: dict[str, dict[str, dict[str, int]]] = {}
    for row in cur.fetchall():
        dimension = row["dimension"] or "all"
        months = out.setdefault(row["indicator"], {}).setdefault(dimension, {})
        months[row["month"].strftime("%Y-%m")] = int(row["n"])
    return out
