"""The audit trail of reads of individual files: who, when, why."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool
from servicekit.auth import Principal


class PostgresAuditTrail:
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

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

    def break_glass(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, hours: float
    ) -> datetime:
        """Grants ``by`` access to the file for ``hours``; returns until when."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "INSERT INTO broken_glass (beneficiary_id, granted_to, granted_to_name, "
                "centre_id, reason, until) "
                "VALUES (%s, %s, %s, %s, %s, now() + make_interval(secs => %s)) RETURNING until",
                (beneficiary_id, by.subject, by.name, by.centre_id, reason, hours * 3600),
            ).fetchone()
        assert row is not None
        until: datetime = row["until"]
        return until

    def glass_broken(self, beneficiary_id: UUID, by: Principal) -> bool:
        """Whether ``by`` broke the glass of this file and the access has not lapsed."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM broken_glass WHERE beneficiary_id = %s AND granted_to = %s "
                "AND centre_id IS NOT DISTINCT FROM %s AND until > now()",
                (beneficiary_id, by.subject, by.centre_id),
            ).fetchone()
        return row is not None
