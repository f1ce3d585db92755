"""Referral's copies of what other services publish: beneficiaries (intake), bodies and
programmes (registry). Commands are validated against them, never by calling over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.intake import (
    ApplicationSubmitted,
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    ConsentRecorded,
    ConsentWithdrawn,
)
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ProgramRenewed,
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
from kk_contracts.events.registry import (
    BodyRegistered,
    BodyUpdated,
    CentreRegistered,
    LocalHolidayDeclared,
    ProgramClosed,
    ProgramRegistered,
)
from psycopg_pool import ConnectionPool
from servicekit.auth import Principal
from servicekit.shredding import PostgresSubjectKeys

from kk_referral.domain.referral import Enrolment


@dataclass(frozen=True)
class KnownBeneficiary:
    centre_id: str
    purposes: frozenset[str]
    sharing_with: frozenset[str] | None = None  # kinds of body referral_sharing covers

    def may_share_with(self, category: str) -> bool:
        return "referral_sharing" in self.purposes and (
            self.sharing_with is None or category in self.sharing_with
        )


@dataclass(frozen=True)
class KnownBody:
    category: str
    accepts_referrals: bool


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

    def of_centre(self, centre_id: str, *, status: str | None) -> list[dict[str, Any]]:
        sql = f"SELECT {_INDEX_COLUMNS} FROM referral_index WHERE centre_id = %s"
        params: list[Any] = [centre_id]
        if status is not None:
            sql += " AND status = %s"
            params.append(status)
        with self.pool.connection() as conn:
            return list(conn.execute(sql + " ORDER BY sent_on DESC", params).fetchall())


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
