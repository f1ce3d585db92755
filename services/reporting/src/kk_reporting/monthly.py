"""Monthly indicators: every event becomes counts per centre, month, indicator and
dimension (a code: the axis, the body's category, the outcome…), dated by the fact itself
(registered on, logged on, sent on…), not by when it reached reporting. Municipality,
region and nation are sums over centres joined with ``centre_dim``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple
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

CLOSED_REQUEST = {RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.WITHDRAWN}


class Fact(NamedTuple):  # a tuple: millions are made in a rebuild
    centre_id: str
    on: date
    indicator: str
    dimension: str = ""


def facts_of(e: IntegrationEvent) -> list[Fact]:
    """The counts one event adds one to."""
    if isinstance(e, BeneficiaryRegistered):
        c, on = e.centre_id, e.registered_on
        return [
            Fact(c, on, "beneficiaries_registered"),
            Fact(c, on, "beneficiaries_by_sex", e.sex.value),
            Fact(c, on, "beneficiaries_by_age", e.age_band.value),
            *(Fact(c, on, "beneficiaries_by_group", g.value) for g in e.vulnerable_groups),
            *([Fact(c, on, "mgi_recipients")] if e.mgi_recipient else []),
        ]
    if isinstance(e, BeneficiaryErased):
        return [Fact(e.centre_id, e.erased_on, "beneficiaries_erased")]
    if isinstance(e, BeneficiaryTransferred):
        on = e.transferred_on
        return [
            Fact(e.to_centre, on, "transfers_in", e.from_centre),
            Fact(e.from_centre, on, "transfers_out", e.to_centre),
        ]
    if isinstance(e, RequestLogged):
        c, on = e.centre_id, e.logged_on
        return [
            Fact(c, on, "requests_by_axis", e.axis.value),
            Fact(c, on, "requests_by_category", e.category.value),
        ]
    if isinstance(e, BeneficiaryInformed):
        answer = "in_time" if e.within_deadline else "late"
        return [Fact(e.centre_id, e.informed_on, "requests_answered", answer)]
    if isinstance(e, RequestOverdue):
        return [Fact(e.centre_id, e.detected_on, "requests_overdue")]
    if isinstance(e, ReferralSent):
        return [Fact(e.centre_id, e.sent_on, "referrals_sent", e.body_category.value)]
    if isinstance(e, ReferralAccepted):
        return [Fact(e.centre_id, e.accepted_on, "referrals_accepted", e.body_category.value)]
    if isinstance(e, ReferralRefused):
        return [Fact(e.centre_id, e.refused_on, "referrals_refused", e.reason.value)]
    if isinstance(e, ReferralCompleted):
        return [Fact(e.centre_id, e.completed_on, "referrals_completed", e.outcome.value)]
    if isinstance(e, ReferralExpired):
        return [Fact(e.centre_id, e.expired_on, "referrals_expired", e.body_category.value)]
    if isinstance(e, ReferralWithdrawn):
        return [Fact(e.centre_id, e.withdrawn_on, "referrals_withdrawn", e.body_category.value)]
    if isinstance(e, ReferralOverdue):
        return [Fact(e.centre_id, e.flagged_on, "referrals_overdue", e.body_category.value)]
    if isinstance(e, ProgramEnrolled):
        return [Fact(e.centre_id, e.start_date, "enrolments", e.programme_category.value)]
    if isinstance(e, ProgramRejected):
        return [Fact(e.centre_id, e.decided_on, "enrolment_rejections", e.reason.value)]
    if isinstance(e, ProgramExited):
        return [Fact(e.centre_id, e.exited_on, "enrolment_exits", e.programme_category.value)]
    return []


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
    ddl = """
    CREATE TABLE IF NOT EXISTS monthly_facts (
        centre_id text NOT NULL, month date NOT NULL, indicator text NOT NULL,
        dimension text NOT NULL, n bigint NOT NULL,
        PRIMARY KEY (indicator, month, centre_id, dimension)
    );
    CREATE TABLE IF NOT EXISTS open_overdue (
        kind text NOT NULL, item_id uuid NOT NULL, centre_id text NOT NULL,
        since date NOT NULL, PRIMARY KEY (kind, item_id)
    );
    CREATE TABLE IF NOT EXISTS referral_days (
        referral_id uuid PRIMARY KEY, centre_id text NOT NULL, sent_on date NOT NULL,
        accepted_on date, completed_on date
    );
    CREATE TABLE IF NOT EXISTS centre_seen (
        centre_id text PRIMARY KEY, last_event_at timestamptz NOT NULL
    );
    """

    tables = ("monthly_facts", "open_overdue", "referral_days", "centre_seen")

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        self.apply_many(cur, [envelope])

    def apply_many(
        self, cur: psycopg.Cursor[Any], envelopes: Sequence[Envelope[IntegrationEvent]]
    ) -> None:
        """A batch in a handful of set-wise statements, the same as one event at a time: counts
        and last-seen times are sums and maxima; an overdue item's fate is its last event."""
        counts: Counter[tuple[str, date, str, str]] = Counter()
        seen: dict[str, datetime] = {}
        follow = _Followed()
        for envelope in envelopes:
            e = envelope.data
            for f in facts_of(e):
                counts[f.centre_id, f.on.replace(day=1), f.indicator, f.dimension] += 1
            follow.add(e)
            # the centre where it happened: every event kept here names one
            centre = e.to_centre if isinstance(e, BeneficiaryTransferred) else e.centre_id  # type: ignore[attr-defined]
            if centre not in seen or seen[centre] < envelope.time:
                seen[centre] = envelope.time
        if counts:
            cur.execute(
                """INSERT INTO monthly_facts
                   SELECT * FROM unnest(%s::text[], %s::date[], %s::text[], %s::text[],
                                        %s::bigint[])
                   ON CONFLICT (indicator, month, centre_id, dimension)
                   DO UPDATE SET n = monthly_facts.n + EXCLUDED.n""",
                [*map(list, zip(*counts, strict=True)), list(counts.values())],
            )
        follow.write(cur)
        if seen:
            cur.execute(
                """INSERT INTO centre_seen SELECT * FROM unnest(%s::text[], %s::timestamptz[])
                   ON CONFLICT (centre_id) DO UPDATE
                   SET last_event_at = GREATEST(centre_seen.last_event_at,
                                                EXCLUDED.last_event_at)""",
                (list(seen), list(seen.values())),
            )


class _Followed:
    """The overdue items and the referrals' dates one batch leaves behind."""

    def __init__(self) -> None:
        self.settled: set[tuple[str, UUID]] = set()  # removed at some point in the batch
        self.overdue: dict[tuple[str, UUID], tuple[str, date]] = {}  # flagged after that
        self.sent: dict[UUID, tuple[str, date]] = {}
        self.accepted: dict[UUID, date] = {}
        self.completed: dict[UUID, date] = {}

    def add(self, e: IntegrationEvent) -> None:
        if isinstance(e, RequestOverdue):
            self._flag(("request", e.request_id), e.centre_id, e.detected_on)
        elif isinstance(e, BeneficiaryInformed) or (
            isinstance(e, RequestStatusChanged) and e.status in CLOSED_REQUEST
        ):
            self._settle(("request", e.request_id))
        elif isinstance(e, ReferralOverdue):
            self._flag(("referral", e.referral_id), e.centre_id, e.flagged_on)
        elif isinstance(e, ReferralSent):
            self.sent.setdefault(e.referral_id, (e.centre_id, e.sent_on))
        elif isinstance(e, ReferralAccepted):
            self.accepted.setdefault(e.referral_id, e.accepted_on)  # the first acceptance
        elif isinstance(e, ReferralCompleted):
            self._settle(("referral", e.referral_id))
            self.completed[e.referral_id] = e.completed_on  # the last completion
        elif isinstance(e, ReferralWithdrawn):
            self._settle(("referral", e.referral_id))

    def _flag(self, item: tuple[str, UUID], centre: str, since: date) -> None:
        self.overdue.setdefault(item, (centre, since))  # an item flagged again keeps its date

    def _settle(self, item: tuple[str, UUID]) -> None:
        self.settled.add(item)
        self.overdue.pop(item, None)

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        if self.settled:
            kinds, ids = zip(*self.settled, strict=True)
            cur.execute(
                """DELETE FROM open_overdue o USING unnest(%s::text[], %s::uuid[]) AS s(k, i)
                   WHERE o.kind = s.k AND o.item_id = s.i""",
                (list(kinds), list(ids)),
            )
        if self.overdue:
            cur.execute(
                """INSERT INTO open_overdue
                   SELECT * FROM unnest(%s::text[], %s::uuid[], %s::text[], %s::date[])
                   ON CONFLICT DO NOTHING""",
                (
                    [k for k, _ in self.overdue],
                    [i for _, i in self.overdue],
                    [c for c, _ in self.overdue.values()],
                    [d for _, d in self.overdue.values()],
                ),
            )
        if self.sent:
            cur.execute(
                """INSERT INTO referral_days (referral_id, centre_id, sent_on)
                   SELECT * FROM unnest(%s::uuid[], %s::text[], %s::date[])
                   ON CONFLICT DO NOTHING""",
                (
                    list(self.sent),
                    [c for c, _ in self.sent.values()],
                    [d for _, d in self.sent.values()],
                ),
            )
        if self.accepted:
            cur.execute(
                """UPDATE referral_days r SET accepted_on = COALESCE(r.accepted_on, a.d)
                   FROM unnest(%s::uuid[], %s::date[]) AS a(i, d) WHERE r.referral_id = a.i""",
                (list(self.accepted), list(self.accepted.values())),
            )
        if self.completed:
            cur.execute(
                """UPDATE referral_days r SET completed_on = c.d
                   FROM unnest(%s::uuid[], %s::date[]) AS c(i, d) WHERE r.referral_id = c.i""",
                (list(self.completed), list(self.completed.values())),
            )


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
    cur: psycopg.Cursor[Any], where: str, params: Iterable[Any], first: date, last: date
) -> dict[str, dict[str, dict[str, int]]]:
    """indicator → dimension → month (YYYY-MM) → count, for the centres ``where`` selects."""
    cur.execute(
        f"""SELECT f.indicator, f.dimension, f.month, SUM(f.n)::bigint AS n
            FROM monthly_facts f JOIN centre_dim d USING (centre_id)
            WHERE f.month BETWEEN %s AND %s {where}
            GROUP BY f.indicator, f.dimension, f.month""",
        (first.replace(day=1), last, *params),
    )
    out: dict[str, dict[str, dict[str, int]]] = {}
    for row in cur.fetchall():
        dimension = row["dimension"] or "all"
        months = out.setdefault(row["indicator"], {}).setdefault(dimension, {})
        months[row["month"].strftime("%Y-%m")] = int(row["n"])
    return out
