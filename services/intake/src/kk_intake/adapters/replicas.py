"""Intake's read models: its copy of the registry, and indexes of its own requests and
files."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryInformed,
    BeneficiaryTransferred,
    DuplicateReviewed,
    LikelyDuplicateFlagged,
    RequestLogged,
    RequestOverdue,
    RequestStatusChanged,
)
from kk_contracts.events.registry import (
    CentreRegistered,
    CentreStatusChanged,
    LocalHolidayDeclared,
    ProgramClosed,
    ProgramRegistered,
    ProgramUpdated,
)
from psycopg_pool import ConnectionPool
from servicekit.subject_keys import PostgresSubjectKeys


class RegistryReplica:
    """Intake's copy of the registry: centres (status, local holidays) and programmes."""

    group = "intake.registry"
    topics = (Topic.CENTRES, Topic.PROGRAMMES)
    events = (
        CentreRegistered,
        CentreStatusChanged,
        LocalHolidayDeclared,
        ProgramRegistered,
        ProgramUpdated,
        ProgramClosed,
    )
    dead_letter_topic = dead_letter_topic("intake")

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
        elif isinstance(event, ProgramRegistered | ProgramUpdated):
            cur.execute(
                """INSERT INTO programme_replica (programme_id, required_documents)
                   VALUES (%s, %s) ON CONFLICT (programme_id)
                   DO UPDATE SET required_documents = EXCLUDED.required_documents""",
                (event.programme_id, list(event.required_documents)),
            )
        elif isinstance(event, ProgramClosed):
            cur.execute(
                "UPDATE programme_replica SET closed_on = %s WHERE programme_id = %s",
                (event.closed_on, event.programme_id),
            )

    def exists(self, centre_id: str) -> bool:
        """A registered centre that has not closed."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM centre_replica WHERE centre_id = %s AND status <> 'closed'",
                (centre_id,),
            ).fetchone()
        return row is not None

    def local_holidays(self, centre_id: str) -> list[date]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT holiday FROM local_holiday_replica WHERE centre_id = %s", (centre_id,)
            ).fetchall()
        return [row["holiday"] for row in rows]

    def open_programme_documents(self, programme_id: UUID) -> list[str] | None:
        """The supporting documents of a programme still open, or None if it is not."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT required_documents FROM programme_replica WHERE programme_id = %s "
                "AND (closed_on IS NULL OR closed_on > current_date)",
                (programme_id,),
            ).fetchone()
        return list(row["required_documents"]) if row else None


_REQUEST_COLUMNS = (
    "request_id, beneficiary_id, category, logged_on, due_on, status, answered, overdue"
)


class RequestIndex:
    """Where each request stands, from intake's own published events: the candidates of
    the overdue check and the centre's lists. The aggregates stay the truth."""

    group = "intake.requests"
    topics = (Topic.REQUESTS, Topic.BENEFICIARIES)
    events = (
        RequestLogged,
        RequestStatusChanged,
        BeneficiaryInformed,
        RequestOverdue,
        BeneficiaryErased,
    )
    dead_letter_topic = dead_letter_topic("intake")

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if isinstance(e, RequestLogged):
            cur.execute(
                """INSERT INTO request_index (request_id, beneficiary_id, centre_id, category,
                                              logged_on, due_on, status)
                   VALUES (%s, %s, %s, %s, %s, %s, 'open') ON CONFLICT DO NOTHING""",
                (e.request_id, e.beneficiary_id, e.centre_id, e.category, e.logged_on, e.due_on),
            )
        elif isinstance(e, RequestStatusChanged):
            cur.execute(
                "UPDATE request_index SET status = %s, "
                "answered = answered OR %s IN ('resolved', 'closed', 'withdrawn') "
                "WHERE request_id = %s",
                (e.status.value, e.status.value, e.request_id),
            )
        elif isinstance(e, BeneficiaryInformed):
            cur.execute(
                "UPDATE request_index SET answered = true WHERE request_id = %s", (e.request_id,)
            )
        elif isinstance(e, RequestOverdue):
            cur.execute(
                "UPDATE request_index SET overdue = true WHERE request_id = %s", (e.request_id,)
            )
        elif isinstance(e, BeneficiaryErased):
            # an erased person is owed nothing more: their requests leave the lists
            cur.execute("DELETE FROM request_index WHERE beneficiary_id = %s", (e.beneficiary_id,))

    def waiting_past(self, today: date) -> list[UUID]:
        """Requests unanswered and not yet flagged whose due date is before ``today``."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT request_id FROM request_index "
                "WHERE NOT answered AND NOT overdue AND due_on < %s ORDER BY due_on",
                (today,),
            ).fetchall()
        return [row["request_id"] for row in rows]

    def of_file(self, beneficiary_id: UUID, centre_id: str) -> list[dict[str, Any]]:
        """The file's requests logged at ``centre_id`` (a transferred file's earlier
        requests stay with the centre that handled them), newest first."""
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    f"SELECT {_REQUEST_COLUMNS} FROM request_index "
                    "WHERE beneficiary_id = %s AND centre_id = %s ORDER BY logged_on DESC",
                    (beneficiary_id, centre_id),
                ).fetchall()
            )

    def of_centre(self, centre_id: str, *, overdue_only: bool) -> list[dict[str, Any]]:
        sql = f"SELECT {_REQUEST_COLUMNS} FROM request_index WHERE centre_id = %s"
        if overdue_only:
            sql += " AND overdue AND NOT answered"
        with self.pool.connection() as conn:
            return list(conn.execute(sql + " ORDER BY due_on", (centre_id,)).fetchall())


class FileIndex:
    """What intake follows of its own files, from its published events: each centre's
    queue of likely duplicates to review, and erasures to finish. An erasure records
    ``BeneficiaryErased`` before destroying the person's key; if the process dies in
    between, the key is destroyed here when the event comes back."""

    group = "intake.files"
    topics = (Topic.BENEFICIARIES,)
    events = (LikelyDuplicateFlagged, DuplicateReviewed, BeneficiaryTransferred, BeneficiaryErased)
    dead_letter_topic = dead_letter_topic("intake")

    def __init__(self, pool: ConnectionPool[Any], keys: PostgresSubjectKeys) -> None:
        self.pool = pool
        self.keys = keys

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if isinstance(e, LikelyDuplicateFlagged):
            cur.execute(
                "INSERT INTO duplicate_reviews (beneficiary_id, centre_id, flagged_on) "
                "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (e.beneficiary_id, e.centre_id, e.flagged_on),
            )
        elif isinstance(e, DuplicateReviewed):
            cur.execute(
                "UPDATE duplicate_reviews SET outcome = %s, reviewed_on = %s "
                "WHERE beneficiary_id = %s",
                (e.outcome.value, e.reviewed_on, e.beneficiary_id),
            )
        elif isinstance(e, BeneficiaryTransferred):
            cur.execute(
                "UPDATE duplicate_reviews SET centre_id = %s WHERE beneficiary_id = %s",
                (e.to_centre, e.beneficiary_id),
            )
        elif isinstance(e, BeneficiaryErased):
            cur.execute(
                "DELETE FROM duplicate_reviews WHERE beneficiary_id = %s", (e.beneficiary_id,)
            )
            self.keys.destroy_in(cur, e.beneficiary_id)

    def awaiting_review(self, centre_id: str) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            return list(
                conn.execute(
                    "SELECT beneficiary_id, flagged_on FROM duplicate_reviews "
                    "WHERE centre_id = %s AND outcome IS NULL ORDER BY flagged_on",
                    (centre_id,),
                ).fetchall()
            )
