"""Referral's copies of what other services publish: beneficiaries and their consent
(intake), bodies, programmes, centres and holidays (registry). Commands are validated
against them, never by calling over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    ConsentRecorded,
    ConsentWithdrawn,
)
from kk_contracts.events.registry import (
    BodyRegistered,
    BodyUpdated,
    CentreRegistered,
    LocalHolidayDeclared,
    ProgramClosed,
    ProgramRegistered,
)
from psycopg_pool import ConnectionPool
from servicekit.subject_keys import PostgresSubjectKeys

from kk_referral.application.known import KnownBeneficiary, KnownBody


class Replicas:
    """Beneficiaries (centre, consent; an erasure destroys the person's key here too),
    bodies, programmes, and the centres' municipalities and local holidays."""

    group = "referral.replicas"
    topics = (Topic.BENEFICIARIES, Topic.BODIES, Topic.PROGRAMMES, Topic.CENTRES)
    events = (
        BeneficiaryRegistered,
        ConsentRecorded,
        ConsentWithdrawn,
        BeneficiaryErased,
        BeneficiaryTransferred,
        CentreRegistered,
        LocalHolidayDeclared,
        BodyRegistered,
        BodyUpdated,
        ProgramRegistered,
        ProgramClosed,
    )
    dead_letter_topic = dead_letter_topic("referral")

    def __init__(self, pool: ConnectionPool[Any], keys: PostgresSubjectKeys) -> None:
        self.pool = pool
        self.keys = keys

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if isinstance(e, BeneficiaryRegistered):
            cur.execute(
                """INSERT INTO beneficiary_replica (beneficiary_id, centre_id) VALUES (%s, %s)
                   ON CONFLICT (beneficiary_id) DO UPDATE SET centre_id = EXCLUDED.centre_id""",
                (e.beneficiary_id, e.centre_id),
            )
        elif isinstance(e, ConsentRecorded):
            cur.execute(
                """INSERT INTO beneficiary_replica (beneficiary_id, centre_id, purposes)
                   VALUES (%s, %s, %s)
                   ON CONFLICT (beneficiary_id) DO UPDATE SET purposes = ARRAY(
                       SELECT DISTINCT unnest(
                           beneficiary_replica.purposes || EXCLUDED.purposes))""",
                (e.beneficiary_id, e.centre_id, [p.value for p in e.purposes]),
            )
            if "referral_sharing" in e.purposes:  # the latest consent to share sets its scope
                sharing = [c.value for c in e.sharing_with] if e.sharing_with is not None else None
                cur.execute(
                    "UPDATE beneficiary_replica SET sharing_with = %s WHERE beneficiary_id = %s",
                    (sharing, e.beneficiary_id),
                )
        elif isinstance(e, BeneficiaryErased):
            cur.execute(
                "UPDATE beneficiary_replica SET purposes = '{}' WHERE beneficiary_id = %s",
                (e.beneficiary_id,),
            )
            # notes, refusals' details and feedback about the person become unreadable
            self.keys.destroy_in(cur, e.beneficiary_id)
        elif isinstance(e, CentreRegistered):
            cur.execute(
                """INSERT INTO centre_replica VALUES (%s, %s) ON CONFLICT (centre_id)
                   DO UPDATE SET municipality_code = EXCLUDED.municipality_code""",
                (e.centre_id, e.municipality_code),
            )
        elif isinstance(e, LocalHolidayDeclared):
            cur.execute(
                "INSERT INTO local_holiday_replica VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (e.centre_id, e.holiday),
            )
        elif isinstance(e, ConsentWithdrawn):
            cur.execute(
                """UPDATE beneficiary_replica SET purposes = ARRAY(
                       SELECT unnest(purposes) EXCEPT SELECT unnest(%s::text[]))
                   WHERE beneficiary_id = %s""",
                ([p.value for p in e.purposes], e.beneficiary_id),
            )
        elif isinstance(e, BeneficiaryTransferred):
            # a transferred person's referrals follow the new owner
            cur.execute(
                "UPDATE beneficiary_replica SET centre_id = %s WHERE beneficiary_id = %s",
                (e.to_centre, e.beneficiary_id),
            )
        elif isinstance(e, BodyRegistered | BodyUpdated):
            cur.execute(
                """INSERT INTO body_replica VALUES (%s, %s, %s) ON CONFLICT (body_id) DO UPDATE
                   SET category = EXCLUDED.category,
                       accepts_referrals = EXCLUDED.accepts_referrals""",
                (e.body_id, e.category, e.accepts_referrals),
            )
        elif isinstance(e, ProgramRegistered):
            cur.execute(
                """INSERT INTO programme_replica (programme_id, category) VALUES (%s, %s)
                   ON CONFLICT (programme_id) DO UPDATE SET category = EXCLUDED.category""",
                (e.programme_id, e.category),
            )
        elif isinstance(e, ProgramClosed):
            cur.execute(
                "UPDATE programme_replica SET closed_on = %s WHERE programme_id = %s",
                (e.closed_on, e.programme_id),
            )

    def _one(self, sql: str, key: UUID) -> dict[str, Any] | None:
        with self.pool.connection() as conn:
            row: dict[str, Any] | None = conn.execute(sql, (key,)).fetchone()
            return row

    def beneficiary(self, beneficiary_id: UUID) -> KnownBeneficiary | None:
        row = self._one(
            "SELECT centre_id, purposes, sharing_with FROM beneficiary_replica "
            "WHERE beneficiary_id = %s",
            beneficiary_id,
        )
        if row is None:
            return None
        sharing = frozenset(row["sharing_with"]) if row["sharing_with"] is not None else None
        return KnownBeneficiary(row["centre_id"], frozenset(row["purposes"]), sharing)

    def body(self, body_id: UUID) -> KnownBody | None:
        row = self._one(
            "SELECT category, accepts_referrals FROM body_replica WHERE body_id = %s", body_id
        )
        return KnownBody(row["category"], row["accepts_referrals"]) if row else None

    def local_holidays(self, centre_id: str) -> list[date]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT holiday FROM local_holiday_replica WHERE centre_id = %s", (centre_id,)
            ).fetchall()
        return [row["holiday"] for row in rows]

    def programme_category(self, programme_id: UUID) -> str | None:
        """The category of a programme that still takes applications."""
        row = self._one(
            "SELECT category FROM programme_replica "
            "WHERE programme_id = %s AND (closed_on IS NULL OR closed_on > current_date)",
            programme_id,
        )
        return row["category"] if row else None
