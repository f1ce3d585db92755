"""The audit trail of reads of individual files: who, when, why."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool
from servicekit.auth import Principal

AUDIT_DDL = """
CREATE TABLE IF NOT EXISTS file_reads (
    id bigserial PRIMARY KEY, beneficiary_id uuid NOT NULL, read_by text NOT NULL,
    role text NOT NULL, centre_id text, reason text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS file_reads_beneficiary ON file_reads (beneficiary_id, read_at);
ALTER TABLE file_reads ADD COLUMN IF NOT EXISTS allowed boolean NOT NULL DEFAULT true;
ALTER TABLE file_reads ADD COLUMN IF NOT EXISTS read_by_name text;
"""


class PostgresAuditTrail:
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool
        with pool.connection() as conn:
            conn.execute(AUDIT_DDL)

    def file_read(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, allowed: bool = True
    ) -> None:
        """Records a read of an individual file, or an attempt that was refused."""
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO file_reads "
                "(beneficiary_id, read_by, read_by_name, role, centre_id, reason, allowed) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (beneficiary_id, by.subject, by.name, by.role.value, by.centre_id, reason, allowed),
            )

    def reads_of(self, beneficiary_id: UUID) -> list[dict[str, Any]]:
        """Every read of the file and every refused attempt, newest first."""
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    "SELECT read_at, read_by, read_by_name, role, centre_id, reason, allowed "
                    "FROM file_reads WHERE beneficiary_id = %s ORDER BY read_at DESC LIMIT 500",
                    (beneficiary_id,),
                ).fetchall()
            )
