"""A batch of events applied to the monthly read model in a handful of set-wise statements,
leaving what applying them one at a time would: counts and last-seen times are sums and
maxima; an overdue item's fate and a referral's dates are what its last events say."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, LiteralString
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent
from kk_contracts.codes import RequestStatus
from kk_contracts.events.intake import BeneficiaryInformed, RequestOverdue, RequestStatusChanged
from kk_contracts.events.referral import (
    ReferralAccepted,
    ReferralCompleted,
    ReferralOverdue,
    ReferralSent,
    ReferralWithdrawn,
)
from psycopg import postgres
from psycopg.adapt import Dumper
from psycopg.pq import Format

from kk_reporting.adapters.places import SUMMARISE, place_sums, summarise_params, touched
from kk_reporting.domain.facts import DAYS, Fact, count, days_fact

CLOSED_REQUEST = {RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.WITHDRAWN}


class MonthlyTally:
    """A batch of the live consumers, or of a rebuild. ``places``: whether it adds its
    counts to their places' sums and makes afresh the summaries they change; a rebuild's
    batches leave both to the end (``MonthlyFacts.rebuilt``), where each sum and summary is
    made once from the centres' whole counts, instead of once a batch."""

    def __init__(self, *, places: bool = True) -> None:
        self.places = places
        self.counts: Counter[Fact] = Counter()
        self.seen: dict[str, datetime] = {}
        self.follow = _Followed()

    def __len__(self) -> int:
        return len(self.counts) + len(self.follow)

    def add(self, envelope: Envelope[IntegrationEvent]) -> None:
        count(self.counts, self.seen, envelope)
        self.follow.add(envelope.data)

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        counts = self.counts
        days = self.follow.write(cur)
        if days:
            counts = Counter(counts)
            counts.update(days)  # adds, keeping the negative ones (a completion moved)
        if counts:
            _write_counts(cur, counts, places=self.places)
        if self.seen:
            centres = sorted(self.seen)
            cur.execute(
                """INSERT INTO centre_seen SELECT * FROM unnest(%s::text[], %s::timestamptz[])
                   ON CONFLICT (centre_id) DO UPDATE
                   SET last_event_at = GREATEST(centre_seen.last_event_at,
                                                EXCLUDED.last_event_at)""",
                (centres, [self.seen[c] for c in centres]),
            )


def _write_counts(cur: psycopg.Cursor[Any], counts: Counter[Fact], *, places: bool) -> None:
    """The centres' counts, their places' sums, then the summaries they change. Each in the
    key's order, so that writers of the same keys lock them in one order."""
    scratch(
        cur,
        "monthly_facts_in",
        "centre_id text, month date, indicator text, dimension text, n bigint",
        ["text", "date", "text", "text", "int8"],
        ((*key, n) for key, n in counts.items()),
    )
    cur.execute(
        """INSERT INTO monthly_facts
           SELECT * FROM monthly_facts_in
           ORDER BY centre_id, month, indicator, dimension
           ON CONFLICT (centre_id, month, indicator, dimension)
           DO UPDATE SET n = monthly_facts.n + EXCLUDED.n"""
    )
    if places:
        cur.execute(place_sums("monthly_facts_in"))
        cur.execute(SUMMARISE, summarise_params(touched((c, m) for c, m, _, _ in counts)))


def scratch(
    cur: psycopg.Cursor[Any],
    table: LiteralString,
    columns: LiteralString,
    types: list[str],
    rows: Iterable[Any],
) -> None:
    """``rows`` COPYed (binary) into a temporary table of this session, emptied first: many
    rows reach a statement faster so than as arrays bound to it. ``table`` and ``columns``
    are constants of this package, never input."""
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
    cur.execute(f"TRUNCATE {table}")
    copy_rows(cur, table, types, rows)


def copy_rows(
    cur: psycopg.Cursor[Any], table: LiteralString, types: list[str], rows: Iterable[Any]
) -> None:
    """``rows`` COPYed (binary) into ``table`` (a name, or a name with its columns), whose
    columns have the binary ``types``."""
    with cur.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


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
        parts = (self.settled, self.overdue, self.sent, self.accepted, self.completed)
        return sum(len(part) for part in parts)

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
        self._write_overdue(cur)
        days: Counter[Fact] = Counter()
        if self.sent:
            scratch(
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
                centre, sent_on = row["centre_id"], row["sent_on"]
                for column, indicator in DAYS.items():
                    if row[column] is not None:
                        days[days_fact(centre, sent_on, row[column], indicator)] += 1
        if self.accepted:
            cur.execute(
                """UPDATE referral_days r SET accepted_on = a.d
                   FROM unnest(%s::uuid[], %s::date[]) AS a(i, d)
                   WHERE r.referral_id = a.i AND r.accepted_on IS NULL
                   RETURNING r.centre_id, r.sent_on, r.accepted_on""",
                (list(self.accepted), list(self.accepted.values())),
            )
            indicator = DAYS["accepted_on"]
            for row in cur.fetchall():
                centre, sent_on = row["centre_id"], row["sent_on"]
                days[days_fact(centre, sent_on, row["accepted_on"], indicator)] += 1
        if self.completed:
            self._write_completed(cur, days)
        return days

    def _write_overdue(self, cur: psycopg.Cursor[Any]) -> None:
        overdue: Counter[tuple[str, str]] = Counter()  # open overdue items, per centre
        if self.settled:
            scratch(cur, "settled_in", "kind text, item_id uuid", ["text", "uuid"], self.settled)
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

    def _write_completed(self, cur: psycopg.Cursor[Any], days: Counter[Fact]) -> None:
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
                days[days_fact(row["centre_id"], row["sent_on"], row["before"], indicator)] -= 1
            days[days_fact(row["centre_id"], row["sent_on"], row["after"], indicator)] += 1


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


class IdNumberDumper(Dumper):
    """An id kept as its number, written as a binary uuid: the number's 16 bytes (a COPY's
    hundreds of thousands of ids need no UUID made of each)."""

    format = Format.BINARY
    oid = postgres.types["uuid"].oid

    def dump(self, obj: int) -> bytes:
        return obj.to_bytes(16, "big")
