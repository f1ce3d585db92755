"""Referral's copies of what other services publish: beneficiaries (intake), bodies and
programmes (registry). Commands are validated against them, never by calling over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
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
    ProgramClosed,
    ProgramRegistered,
)
from psycopg_pool import ConnectionPool


@dataclass(frozen=True)
class KnownBeneficiary:
    centre_id: str
    purposes: frozenset[str]


@dataclass(frozen=True)
class KnownBody:
    category: str
    accepts_referrals: bool


class Replicas:
    group = "referral.replicas"
    topics = (Topic.BENEFICIARIES, Topic.BODIES, Topic.PROGRAMMES)
    dead_letter_topic = dead_letter_topic("referral")
    ddl = """
    CREATE TABLE IF NOT EXISTS beneficiary_replica (
        beneficiary_id uuid PRIMARY KEY, centre_id text NOT NULL
    );
    ALTER TABLE beneficiary_replica
        ADD COLUMN IF NOT EXISTS purposes text[] NOT NULL DEFAULT '{}';
    CREATE TABLE IF NOT EXISTS body_replica (
        body_id uuid PRIMARY KEY, category text NOT NULL, accepts_referrals boolean NOT NULL
    );
    CREATE TABLE IF NOT EXISTS programme_replica (
        programme_id uuid PRIMARY KEY, category text NOT NULL
    );
    ALTER TABLE programme_replica ADD COLUMN IF NOT EXISTS closed_on date;
    """

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

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
        elif isinstance(e, BeneficiaryErased):
            cur.execute(
                "UPDATE beneficiary_replica SET purposes = '{}' WHERE beneficiary_id = %s",
                (e.beneficiary_id,),
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
            "SELECT centre_id, purposes FROM beneficiary_replica WHERE beneficiary_id = %s",
            beneficiary_id,
        )
        return KnownBeneficiary(row["centre_id"], frozenset(row["purposes"])) if row else None

    def body(self, body_id: UUID) -> KnownBody | None:
        row = self._one(
            "SELECT category, accepts_referrals FROM body_replica WHERE body_id = %s", body_id
        )
        return KnownBody(row["category"], row["accepts_referrals"]) if row else None

    def programme_category(self, programme_id: UUID) -> str | None:
        """The category of a programme that still takes applications."""
        row = self._one(
            "SELECT category FROM programme_replica "
            "WHERE programme_id = %s AND (closed_on IS NULL OR closed_on > current_date)",
            programme_id,
        )
        return row["category"] if row else None
