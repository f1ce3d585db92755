"""The referrals by centre and by file (referral.index): the worklists, the deadlines and
the file's referrals."""

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
)
from kk_contracts.events.referral import (
    ReferralAccepted,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralReceived,
    ReferralRedirected,
    ReferralRefused,
    ReferralSent,
    ReferralServiceStarted,
    ReferralWithdrawn,
)
from psycopg_pool import ConnectionPool

from kk_referral.adapters.owners import Owners

_INDEX_COLUMNS = (
    "referral_id, beneficiary_id, body_id, body_category, status, sent_on, respond_by, "
    "complete_by, overdue, outcome"
)


class ReferralIndex:
    """Where each referral stands, from the service's own published events: the
    candidates of the deadline check, and the centres' lists. The aggregates stay the truth.
    ``centre_id`` follows a transferred person to the centre that now keeps the file."""

    group = "referral.index"
    topics = (Topic.REFERRALS, Topic.BENEFICIARIES)
    events = (
        ReferralSent,
        ReferralReceived,
        ReferralAccepted,
        ReferralRefused,
        ReferralRedirected,
        ReferralServiceStarted,
        ReferralCompleted,
        ReferralExpired,
        ReferralWithdrawn,
        ReferralOverdue,
        BeneficiaryRegistered,
        BeneficiaryTransferred,
        BeneficiaryErased,
    )
    dead_letter_topic = dead_letter_topic("referral")
    owners = Owners("referral_index_owner")

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if isinstance(e, ReferralSent):
            cur.execute(
                f"""INSERT INTO referral_index (referral_id, beneficiary_id, centre_id, body_id,
                       body_category, status, sent_on, respond_by)
                   VALUES (%s, %s, {self.owners.centre_sql("%s", "%s")}, %s, %s, 'sent', %s, %s)
                   ON CONFLICT DO NOTHING""",
                (e.referral_id, e.beneficiary_id, e.beneficiary_id, e.centre_id, e.body_id,
                 e.body_category, e.sent_on, e.respond_by),
            )  # fmt: skip
        elif isinstance(e, ReferralAccepted):
            self._set(cur, e.referral_id, status="accepted", complete_by=e.complete_by)
        elif isinstance(e, ReferralRefused):
            self._set(cur, e.referral_id, status="refused", outcome=e.reason.value)
        elif isinstance(e, ReferralRedirected):
            self._set(
                cur,
                e.referral_id,
                status="sent",
                body_id=e.to_body_id,
                body_category=e.to_body_category.value,
                respond_by=e.respond_by,
            )
        elif isinstance(e, ReferralCompleted):
            self._set(cur, e.referral_id, status="completed", outcome=e.outcome.value)
        elif isinstance(e, ReferralExpired):
            self._set(cur, e.referral_id, status="expired")
        elif isinstance(e, ReferralOverdue):
            self._set(cur, e.referral_id, overdue=True)
        elif isinstance(e, ReferralReceived):
            self._set(cur, e.referral_id, status="received")
        elif isinstance(e, ReferralServiceStarted):
            self._set(cur, e.referral_id, status="in_service")
        elif isinstance(e, ReferralWithdrawn):
            self._set(cur, e.referral_id, status="withdrawn")
        elif isinstance(e, BeneficiaryErased):
            # the person's open referrals can no longer be read, answered or counted as open
            cur.execute(
                "UPDATE referral_index SET status = 'erased' WHERE beneficiary_id = %s "
                "AND status IN ('sent', 'received', 'accepted', 'in_service')",
                (e.beneficiary_id,),
            )
        elif (moved := self.owners.follow(cur, e)) is not None:
            cur.execute(
                "UPDATE referral_index SET centre_id = %s WHERE beneficiary_id = %s",
                (moved[1], moved[0]),
            )

    @staticmethod
    def _set(cur: psycopg.Cursor[Any], referral_id: UUID, **values: Any) -> None:
        # the column names come from this class, never from input
        assignments = ", ".join(f"{column} = %s" for column in values)
        cur.execute(
            f"UPDATE referral_index SET {assignments} WHERE referral_id = %s",
            (*values.values(), referral_id),
        )

    def of_municipality(self, municipality_code: str) -> list[dict[str, Any]]:
        """The referrals of every centre in a municipality, for its supervisor: no names."""
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    """SELECT r.referral_id, r.centre_id, r.body_category, r.status, r.sent_on,
                              r.respond_by, r.complete_by, r.overdue, r.outcome
                       FROM referral_index r JOIN centre_replica c USING (centre_id)
                       WHERE c.municipality_code = %s ORDER BY r.sent_on DESC""",
                    (municipality_code,),
                ).fetchall()
            )

    def past_deadline(self, today: date) -> list[UUID]:
        """Unanswered referrals past their answer deadline, and accepted ones past their
        completion deadline not yet flagged."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                """SELECT referral_id FROM referral_index
                   WHERE (status IN ('sent', 'received') AND respond_by < %s)
                      OR (status IN ('accepted', 'in_service') AND NOT overdue
                          AND complete_by < %s)""",
                (today, today),
            ).fetchall()
        return [row["referral_id"] for row in rows]

    def of_file(self, beneficiary_id: UUID, centre_id: str) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    f"SELECT {_INDEX_COLUMNS} FROM referral_index "
                    "WHERE beneficiary_id = %s AND centre_id = %s ORDER BY sent_on DESC",
                    (beneficiary_id, centre_id),
                ).fetchall()
            )

    def of_centre(self, centre_id: str, *, statuses: list[str] | None) -> list[dict[str, Any]]:
        """The centre's referrals, newest first; only those in ``statuses`` if given."""
        sql = f"SELECT {_INDEX_COLUMNS} FROM referral_index WHERE centre_id = %s"
        params: list[Any] = [centre_id]
        if statuses is not None:
            sql += " AND status = ANY(%s)"
            params.append(statuses)
        with self.pool.connection() as conn:
            return list(conn.execute(sql + " ORDER BY sent_on DESC", params).fetchall())
