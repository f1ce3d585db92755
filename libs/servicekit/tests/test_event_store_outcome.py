"""A write the server committed as the connection dropped, on the real PostgreSQL.

eventsourcing sends such a write again, which then finds its own rows. That is reported as
an outcome unknown (a 503 to the caller, whose retry with the same Idempotency-Key finds the
write), not as a conflict saying that nothing was saved. A batch that meets rows which are
not all its own is still a conflict."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from devstack.stack import Stack
from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError, OperationalError
from psycopg_pool import ConnectionPool
from servicekit.eventstore import ServiceApplication, application_env

pytestmark = pytest.mark.integration


class Programme(Aggregate):
    @event("Closed")
    def __init__(self, closed_on: date) -> None:
        self.closed_on = closed_on


class Store(ServiceApplication):
    service_name = "kit"


def _batch(*events: Any) -> ProcessingEvent[Any]:
    batch: ProcessingEvent[Any] = ProcessingEvent()
    batch.collect_events(*events)
    return batch


def test_a_write_found_stored_on_its_resend_is_of_unknown_outcome_not_a_conflict(
    stack: Stack, pool: ConnectionPool[Any]
) -> None:
    with pool.connection() as conn:
        row = conn.execute("SELECT current_schema() AS schema").fetchone()
    assert row is not None
    store = Store(env=application_env(database_url=stack.database_url, schema=row["schema"]))
    try:
        closed = Programme(closed_on=date(2026, 11, 30))
        events = closed.collect_events()
        store._record(_batch(*events))  # committed; the caller never heard so

        with pytest.raises(OperationalError):
            store._record(_batch(*events))  # the same write, sent again

        # one of the batch's rows is another's, the rest new: a conflict, as before
        other = Programme(closed_on=date(2026, 12, 1))
        with pytest.raises(IntegrityError) as conflict:
            store._record(_batch(*other.collect_events(), *events))
        assert not isinstance(conflict.value, OperationalError)
        assert not store.recorder.select_events(other.id), "nothing of it was stored"
    finally:
        store.close()
