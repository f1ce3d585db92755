"""Applications to programmes awaiting a decision (referral.applications)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.intake import (
    ApplicationSubmitted,
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
)
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramRejected,
)
from psycopg_pool import ConnectionPool

from kk_referral.adapters.owners import Owners
from kk_referral.domain.enrolment import Enrolment


class Applications:
    """Programme applications submitted with intake's support, waiting for the decision
    that makes them enrolments (or not). The decision's id follows from the application's,
    so it is decided once."""

    group = "referral.applications"
    topics = (Topic.REQUESTS, Topic.ENROLMENTS, Topic.BENEFICIARIES)
    events = (
        ApplicationSubmitted,
        ProgramEnrolled,
        ProgramRejected,
        BeneficiaryRegistered,
        BeneficiaryTransferred,
        BeneficiaryErased,
    )
    dead_letter_topic = dead_letter_topic("referral")
    owners = Owners("applications_owner")

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if isinstance(e, ApplicationSubmitted):
            cur.execute(
                f"""INSERT INTO applications (request_id, enrolment_id, beneficiary_id, centre_id,
                       programme_id, submitted_on, documents)
                   VALUES (%s, %s, %s, {self.owners.centre_sql("%s", "%s")}, %s, %s, %s)
                   ON CONFLICT DO NOTHING""",
                (e.request_id, Enrolment.id_for(e.request_id), e.beneficiary_id,
                 e.beneficiary_id, e.centre_id, e.programme_id, e.submitted_on, e.documents),
            )  # fmt: skip
        elif isinstance(e, ProgramEnrolled | ProgramRejected):
            decision = "enrolled" if isinstance(e, ProgramEnrolled) else "rejected"
            cur.execute(
                "UPDATE applications SET decision = %s WHERE enrolment_id = %s",
                (decision, e.enrolment_id),
            )
        elif isinstance(e, BeneficiaryErased):
            cur.execute("DELETE FROM applications WHERE beneficiary_id = %s AND decision IS NULL",
                        (e.beneficiary_id,))  # fmt: skip
        elif (moved := self.owners.follow(cur, e)) is not None:
            cur.execute(
                "UPDATE applications SET centre_id = %s WHERE beneficiary_id = %s",
                (moved[1], moved[0]),
            )

    def get(self, request_id: UUID) -> dict[str, Any] | None:
        with self.pool.connection() as conn:
            row: dict[str, Any] | None = conn.execute(
                "SELECT * FROM applications WHERE request_id = %s", (request_id,)
            ).fetchone()
        return row

    def of_centre(self, centre_id: str, *, pending_only: bool) -> list[dict[str, Any]]:
        sql = "SELECT * FROM applications WHERE centre_id = %s"
        if pending_only:
            sql += " AND decision IS NULL"
        with self.pool.connection() as conn:
            return list(conn.execute(sql + " ORDER BY submitted_on", (centre_id,)).fetchall())
