"""Reporting's read models: activity per centre, with the centre's place in the geography.

Counts are kept per centre; municipality, region and national figures are sums over
centres joined with ``centre_dim``. Reporting receives pseudonymous, coded events only.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.codes import StaffRole
from kk_contracts.events.intake import BeneficiaryRegistered
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ReferralCompleted,
    ReferralExpired,
    ReferralRefused,
    ReferralSent,
    ReferralWithdrawn,
)
from kk_contracts.events.registry import (
    CentreComplianceRestored,
    CentreFlaggedNonCompliant,
    CentreRegistered,
    CentreStaffChanged,
    CentreStatusChanged,
)

COUNTERS = (
    "beneficiaries_registered",
    "referrals_sent",
    "referrals_provided",
    "referrals_partly_provided",
    "referrals_not_provided",
    "referrals_refused",
    "referrals_expired",
    "referrals_withdrawn",
    "programme_enrolments",
    "programme_rejections",
    "programme_exits",
)

_COUNTER_OF: dict[type[IntegrationEvent], str] = {
    BeneficiaryRegistered: "beneficiaries_registered",
    ReferralSent: "referrals_sent",
    ReferralRefused: "referrals_refused",
    ReferralExpired: "referrals_expired",
    ReferralWithdrawn: "referrals_withdrawn",
    ProgramEnrolled: "programme_enrolments",
    ProgramRejected: "programme_rejections",
    ProgramExited: "programme_exits",
}


def counter_of(event: IntegrationEvent) -> str | None:
    """The counter an event adds one to: a completed referral by its outcome."""
    if isinstance(event, ReferralCompleted):
        return f"referrals_{event.outcome.value}"
    return _COUNTER_OF.get(type(event))


class ActivityProjection:
    group = "reporting.activity"
    events = (
        CentreRegistered,
        CentreStaffChanged,
        CentreFlaggedNonCompliant,
        CentreComplianceRestored,
        CentreStatusChanged,
        ReferralCompleted,
        *_COUNTER_OF,
    )
    topics = (Topic.CENTRES, Topic.BENEFICIARIES, Topic.REFERRALS, Topic.ENROLMENTS)
    dead_letter_topic = dead_letter_topic("reporting")
    tables = ("centre_dim", "centre_activity")

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        tally = self.tally()
        tally.add(envelope)
        tally.write(cur)

    def tally(self) -> ActivityTally:
        return ActivityTally()


class ActivityTally:
    """A centre's own events in turn (they are few); the activity counts summed per centre
    and written in one statement."""

    def __init__(self) -> None:
        self.centres: list[Envelope[IntegrationEvent]] = []
        self.counts: dict[str, Counter[str]] = {}
        self.last: dict[str, datetime] = {}

    def __len__(self) -> int:
        return len(self.centres) + len(self.counts)

    def add(self, envelope: Envelope[IntegrationEvent]) -> None:
        counter = counter_of(envelope.data)
        if counter is None:
            self.centres.append(envelope)
            return
        centre = envelope.data.centre_id  # type: ignore[attr-defined]
        counts = self.counts.get(centre)
        if counts is None:
            counts = self.counts[centre] = Counter()
        counts[counter] += 1
        last = self.last.get(centre)
        if last is None or last < envelope.time:
            self.last[centre] = envelope.time

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        for envelope in self.centres:
            _centre(cur, envelope)
        if not self.counts:
            return
        centres = sorted(self.counts)
        # The column names come from the fixed list above, never from input.
        cur.execute(
            f"""INSERT INTO centre_activity (centre_id, last_event_at, {", ".join(COUNTERS)})
                SELECT * FROM unnest(%s::text[], %s::timestamptz[],
                                     {", ".join("%s::bigint[]" for _ in COUNTERS)})
                ON CONFLICT (centre_id) DO UPDATE
                SET last_event_at = GREATEST(centre_activity.last_event_at,
                                             EXCLUDED.last_event_at),
                    {", ".join(f"{c} = centre_activity.{c} + EXCLUDED.{c}" for c in COUNTERS)}
            """,
            [
                centres,
                [self.last[c] for c in centres],
                *([self.counts[centre][c] for centre in centres] for c in COUNTERS),
            ],
        )


def _centre(cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
    event = envelope.data
    if isinstance(event, CentreRegistered):
        cur.execute(
            """INSERT INTO centre_dim (centre_id, municipality_code, region_code, name_el,
                   name_en, regional_unit_code, population, census_year, staffing_band,
                   registered_at)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT (centre_id) DO UPDATE
               SET municipality_code = EXCLUDED.municipality_code,
                   region_code = EXCLUDED.region_code, name_el = EXCLUDED.name_el,
                   name_en = EXCLUDED.name_en,
                   regional_unit_code = EXCLUDED.regional_unit_code,
                   population = EXCLUDED.population, census_year = EXCLUDED.census_year,
                   staffing_band = EXCLUDED.staffing_band,
                   registered_at = EXCLUDED.registered_at""",
            (
                event.centre_id,
                event.municipality_code,
                event.region_code,
                event.name_el,
                event.name_en,
                event.regional_unit_code,
                event.population,
                event.census_year,
                event.staffing_band,
                envelope.time,
            ),
        )
        return
    if isinstance(event, CentreStaffChanged):
        head = any(p.head and p.role == StaffRole.SOCIAL_WORKER for p in event.positions)
        cur.execute(
            "UPDATE centre_dim SET staff = %s, staffing_band = %s, head_social_worker = %s "
            "WHERE centre_id = %s",
            (len(event.positions), event.staffing_band, head, event.centre_id),
        )
        return
    if isinstance(event, CentreFlaggedNonCompliant | CentreComplianceRestored):
        cur.execute(
            "UPDATE centre_dim SET head_social_worker = %s WHERE centre_id = %s",
            (isinstance(event, CentreComplianceRestored), event.centre_id),
        )
        return
    if isinstance(event, CentreStatusChanged):
        cur.execute(
            "UPDATE centre_dim SET status = %s WHERE centre_id = %s",
            (event.status.value, event.centre_id),
        )
        return
