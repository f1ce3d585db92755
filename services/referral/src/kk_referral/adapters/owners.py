"""Which centre keeps each person's file now, as each read model learns it from intake's
events."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import IntegrationEvent
from kk_contracts.events.intake import (
    BeneficiaryRegistered,
    BeneficiaryTransferred,
)


class Owners:
    """Which centre keeps each person's file now, as one projection learns it from intake's
    events (registration, transfers). Rows of the projection are placed with it, so that a
    transfer read before the referral or application it concerns (other topics, no order
    between them; a rebuild) still places them at the new centre."""

    def __init__(self, table: str) -> None:
        self.table = table  # a fixed name given by the projection, never input

    def follow(self, cur: psycopg.Cursor[Any], e: IntegrationEvent) -> tuple[UUID, str] | None:
        """Records a registration or a transfer; returns who a transfer moved, and where."""
        if isinstance(e, BeneficiaryRegistered):
            cur.execute(
                f"INSERT INTO {self.table} VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (e.beneficiary_id, e.centre_id),
            )
        elif isinstance(e, BeneficiaryTransferred):
            cur.execute(
                f"INSERT INTO {self.table} VALUES (%s, %s) ON CONFLICT (beneficiary_id) "
                "DO UPDATE SET centre_id = EXCLUDED.centre_id",
                (e.beneficiary_id, e.to_centre),
            )
            return e.beneficiary_id, e.to_centre
        return None

    def centre_sql(self, beneficiary: str, default: str) -> str:
        """SQL for the owner's centre now, or ``default`` if not yet known."""
        return (
            f"COALESCE((SELECT centre_id FROM {self.table} "
            f"WHERE beneficiary_id = {beneficiary}), {default})"
        )
