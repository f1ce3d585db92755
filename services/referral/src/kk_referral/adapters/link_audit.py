"""Every use of a body's link, and every read of a referral by staff."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool
from servicekit.auth import Principal


class PostgresLinkAudit:
    """Every use of a body's link (which referral, which body, what, when, allowed or not),
    and every read of a referral by staff (who, why, allowed or not)."""

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def used(self, *, referral_id: UUID, body_id: UUID, action: str, allowed: bool) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO link_uses (referral_id, body_id, action, allowed) "
                "VALUES (%s, %s, %s, %s)",
                (referral_id, body_id, action, allowed),
            )

    def referral_read(
        self, *, referral_id: UUID, beneficiary_id: UUID, by: Principal, reason: str,
        allowed: bool,
    ) -> None:  # fmt: skip
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO referral_reads (referral_id, beneficiary_id, read_by, "
                "read_by_name, role, centre_id, reason, allowed) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (referral_id, beneficiary_id, by.subject, by.name, by.role.value, by.centre_id,
                 reason, allowed),
            )  # fmt: skip

    def reads_of(self, beneficiary_id: UUID) -> list[dict[str, Any]]:
        """Every read of the person's referrals, newest first."""
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    "SELECT read_at, read_by, read_by_name, role, centre_id, reason, allowed, "
                    "referral_id FROM referral_reads WHERE beneficiary_id = %s "
                    "ORDER BY read_at DESC LIMIT 500",
                    (beneficiary_id,),
                ).fetchall()
            )
