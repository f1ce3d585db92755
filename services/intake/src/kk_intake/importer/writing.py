"""Writing an import: the new keys, the events and the record of the import, in one
transaction, the events by COPY; the relay then publishes them like any registration's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg.errors
from eventsourcing.persistence import IntegrityError
from psycopg_pool import ConnectionPool
from servicekit.eventstore import bulk_append
from servicekit.subject_keys import PostgresSubjectKeys

from kk_intake.importer.reading import ImportFileError
from kk_intake.importer.sealing import Sealed


class ImportConflictError(ImportFileError):
    """Someone registered one of the people while the import ran: nothing was imported."""


def write(
    pool: ConnectionPool[Any],
    recorder: Any,
    sealed: Sealed,
    record: dict[str, Any],
    progress: Callable[[int], None],
) -> int:
    """Everything sealed, and ``record`` (centre_id, file_sha256, imported_by, rows,
    imported, skipped) into ``imports``; how many events were written."""
    try:
        with pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            PostgresSubjectKeys.write_staged(cur, sealed.keys)
            events = bulk_append(cur, recorder, sealed.chunks, progress=progress)
            cur.execute(
                "INSERT INTO imports (centre_id, file_sha256, imported_by, rows, imported, "
                "skipped, events) VALUES (%(centre_id)s, %(file_sha256)s, %(imported_by)s, "
                "%(rows)s, %(imported)s, %(skipped)s, %(events)s)",
                {**record, "events": events},
            )
    except psycopg.errors.LockNotAvailable as e:
        raise ImportFileError(
            "the event store stayed busy for 30 s; nothing was imported: try again"
        ) from e
    except (IntegrityError, psycopg.errors.UniqueViolation) as e:
        raise ImportConflictError(
            "someone registered one of these people while the import ran; nothing was "
            "imported: run it again (it skips whoever is already on file)"
        ) from e
    return events
