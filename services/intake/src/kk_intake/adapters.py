"""Intake's PostgreSQL adapters: the centres replica and the audit trail of file reads."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.registry import (
    CentreRegistered,
    CentreStatusChanged,
    LocalHolidayDeclared,
)
from psycopg_pool import ConnectionPool
from servicekit.auth import Principal

AUDIT_DDL = """
CREATE TABLE IF NOT EXISTS file_reads (
    id bigserial PRIMARY KEY, beneficiary_id uuid NOT NULL, read_by text NOT NULL,
    role text NOT NULL, centre_id text, reason text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS file_reads_beneficiary ON file_reads (beneficiary_id, read_at);
"""


class CentreReplica:
    """Intake's copy of the registry's centres, kept by a tracked consumer."""

    group = "intake.centres"
    topics = (Topic.CENTRES,)
    dead_letter_topic = dead_letter_topic("intake")
    ddl = """
    CREATE TABLE IF NOT EXISTS centre_replica (
        centre_id text PRIMARY KEY, municipality_code text NOT NULL, region_code text NOT NULL
    );
    ALTER TABLE centre_replica ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'operating';
    CREATE TABLE IF NOT EXISTS local_holiday_replica (
        centre_id text NOT NULL, holiday date NOT NULL, PRIMARY KEY (centre_id, holiday)
    );
    """

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        event = envelope.data
        if isinstance(event, CentreRegistered):
            cur.execute(
                """INSERT INTO centre_replica (centre_id, municipality_code, region_code)
                   VALUES (%s, %s, %s)
                   ON CONFLICT (centre_id) DO UPDATE
                   SET municipality_code = EXCLUDED.municipality_code,
                       region_code = EXCLUDED.region_code""",
                (event.centre_id, event.municipality_code, event.region_code),
            )
        elif isinstance(event, CentreStatusChanged):
            cur.execute(
                "UPDATE centre_replica SET status = %s WHERE centre_id = %s",
                (event.status.value, event.centre_id),
            )
        elif isinstance(event, LocalHolidayDeclared):
            cur.execute(
                "INSERT INTO local_holiday_replica VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (event.centre_id, event.holiday),
            )

    def exists(self, centre_id: str) -> bool:
        """A registered centre that has not closed."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM centre_replica WHERE centre_id = %s AND status <> 'closed'",
                (centre_id,),
            ).fetchone()
        return row is not None


class PostgresAuditTrail:
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool
        with pool.connection() as conn:
            conn.execute(AUDIT_DDL)

    def file_read(self, *, beneficiary_id: UUID, by: Principal, reason: str) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO file_reads (beneficiary_id, read_by, role, centre_id, reason) "
                "VALUES (%s, %s, %s, %s, %s)",
                (beneficiary_id, by.subject, by.role.value, by.centre_id, reason),
            )
