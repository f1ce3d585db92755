"""The enrolments by file (referral.enrolments)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
)
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ProgramRenewed,
)
from psycopg_pool import ConnectionPool

from kk_referral.adapters.owners import Owners


class EnrolmentIndex:
    """Each person's enrolments in programmes (decided, direct, renewed, ended), from the
    service's own published events: the file's list. The aggregates stay the truth.
    ``centre_id`` follows a transferred person to the centre that now keeps the file."""

    group = "referral.enrolments"
    topics = (Topic.ENROLMENTS, Topic.BENEFICIARIES)
    events = (
        ProgramEnrolled,
        ProgramRejected,
        ProgramRenewed,
        ProgramExited,
        BeneficiaryRegistered,
        BeneficiaryTransferred,
        BeneficiaryErased,
    )
    dead_letter_topic = dead_letter_topic("referral")
    owners = Owners("enrolment_index_owner")

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if isinstance(e, ProgramEnrolled | ProgramRejected):
            enrolled = isinstance(e, ProgramEnrolled)
            cur.execute(
                f"""INSERT INTO enrolment_index (enrolment_id, beneficiary_id, centre_id,
                       programme_id, programme_category, status, start_date, decided_on,
                       rejection_reason)
                   VALUES (%s, %s, {self.owners.centre_sql("%s", "%s")}, %s, %s, %s, %s, %s, %s)
                   ON CONFLICT (enrolment_id) DO UPDATE SET status = EXCLUDED.status,
                       start_date = EXCLUDED.start_date, exited_on = NULL, exit_reason = NULL""",
                (e.enrolment_id, e.beneficiary_id, e.beneficiary_id, e.centre_id,
                 e.programme_id, e.programme_category.value,
                 "enrolled" if enrolled else "rejected",
                 e.start_date if isinstance(e, ProgramEnrolled) else None,
                 None if isinstance(e, ProgramEnrolled) else e.decided_on,
                 None if isinstance(e, ProgramEnrolled) else e.reason.value),
            )  # fmt: skip
        elif isinstance(e, ProgramRenewed):
            cur.execute(
                "UPDATE enrolment_index SET renew_by = %s WHERE enrolment_id = %s",
                (e.renew_by, e.enrolment_id),
            )
        elif isinstance(e, ProgramExited):
            cur.execute(
                "UPDATE enrolment_index SET status = 'exited', exited_on = %s, exit_reason = %s "
                "WHERE enrolment_id = %s",
                (e.exited_on, e.reason.value, e.enrolment_id),
            )
        elif isinstance(e, BeneficiaryErased):
            cur.execute(
                "DELETE FROM enrolment_index WHERE beneficiary_id = %s", (e.beneficiary_id,)
            )
        elif (moved := self.owners.follow(cur, e)) is not None:
            cur.execute(
                "UPDATE enrolment_index SET centre_id = %s WHERE beneficiary_id = %s",
                (moved[1], moved[0]),
            )

    def of_file(self, beneficiary_id: UUID, centre_id: str) -> list[dict[str, Any]]:
        """The person's enrolments at the centre that keeps the file, newest first."""
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    "SELECT * FROM enrolment_index WHERE beneficiary_id = %s AND centre_id = %s "
                    "ORDER BY coalesce(start_date, decided_on) DESC",
                    (beneficiary_id, centre_id),
                ).fetchall()
            )
