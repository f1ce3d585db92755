"""A batch of messages applied to a read model exactly once, in one PostgreSQL transaction:
the read model's changes, the next offsets to read (``servicekit.tracking``), the inbox of
event ids seen (a relay may resend after a crash) and whatever is parked for the dead-letter
topic. The Kafka side, reading the batches and seeking, is ``servicekit.consumer``'s."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kk_contracts import ContractViolationError, decode_message

from servicekit import correlation
from servicekit.db import derived_transaction
from servicekit.deadletters import park
from servicekit.projections import apply_isolating, kept_types, not_kept
from servicekit.tracking import OffsetStore, fence

if TYPE_CHECKING:
    import psycopg
    from aiokafka import TopicPartition
    from aiokafka.structs import ConsumerRecord
    from kk_contracts import Envelope, IntegrationEvent
    from psycopg_pool import ConnectionPool

    from servicekit.projections import Projection

log = logging.getLogger(__name__)

# A resent message lies within the relay's few unacknowledged batches of its first sending,
# so the inbox need only remember what it saw lately: a week is far more than enough.
INBOX_KEEP = "7 days"


@dataclass
class BatchOutcome:
    """What applying one batch came to: counted for the metrics, the offsets to commit to
    Kafka, and the partitions to seek on (a rebuilt read model already holds them)."""

    applied: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    parked: int = 0
    next_offsets: dict[TopicPartition, int] = field(default_factory=dict)
    reseek: dict[TopicPartition, int] = field(default_factory=dict)


class BatchApplier:
    """Applies batches of one read model's messages, each in a transaction of its own."""

    def __init__(self, projection: Projection, pool: ConnectionPool[Any]) -> None:
        self.projection = projection
        self.pool = pool
        self.kept_types = kept_types([projection])
        self.offsets = OffsetStore(pool, projection.group)

    def apply(
        self, batch: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    ) -> BatchOutcome:
        outcome = BatchOutcome()
        with self.pool.connection() as conn, derived_transaction(conn), conn.cursor() as cur:
            fence(cur, self.projection.group)
            stored = self.offsets.read(cur, list(batch))
            read: list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]] = []
            for tp, records in batch.items():
                below = stored.get(tp, 0)
                if records[0].offset < below:
                    # The read model already holds these (it was rebuilt and swapped in
                    # while they were fetched): go on from where it stands.
                    outcome.reseek[tp] = below
                    continue
                for record in records:
                    envelope = self._read(cur, record, outcome)
                    if envelope is not None:
                        read.append((record, envelope))
                outcome.next_offsets[tp] = records[-1].offset + 1
            self._apply_fresh(conn, cur, self._first_sight(cur, read, outcome), outcome)
            self.offsets.save(cur, outcome.next_offsets)
        return outcome

    def _read(
        self,
        cur: psycopg.Cursor[Any],
        record: ConsumerRecord[bytes, bytes],
        outcome: BatchOutcome,
    ) -> Envelope[IntegrationEvent] | None:
        """The message's event if this read model keeps it; a malformed one is parked."""
        if not_kept(self.kept_types, record.headers):
            return None  # a known event this read model does not keep: no need to read it
        try:
            envelope = decode_message(record.headers, record.value)
        except ContractViolationError as exc:
            self._park(cur, record, exc.reason)
            outcome.parked += 1
            return None
        wanted = getattr(self.projection, "events", None)
        if wanted is not None and not isinstance(envelope.data, wanted):
            return None  # read and valid, but nothing this read model keeps
        return envelope

    def _first_sight(
        self,
        cur: psycopg.Cursor[Any],
        read: list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]],
        outcome: BatchOutcome,
    ) -> list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]]:
        """The events not applied before (a relay may resend after a crash), in order, each
        once: the inbox takes the batch's ids in one statement and says which are new."""
        if not read:
            return []
        cur.execute(
            "INSERT INTO consumer_inbox (group_id, event_id) "
            "SELECT %s, unnest(%s::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id",
            (self.projection.group, [e.id for _, e in read]),
        )
        new = {row["event_id"] for row in cur.fetchall()}
        fresh = []
        for record, envelope in read:
            if envelope.id in new:
                new.discard(envelope.id)
                fresh.append((record, envelope))
            else:
                outcome.duplicates += 1
        return fresh

    def _apply_fresh(
        self,
        conn: psycopg.Connection[Any],
        cur: psycopg.Cursor[Any],
        fresh: list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]],
        outcome: BatchOutcome,
    ) -> None:
        for record, envelope, error in apply_isolating(conn, cur, self.projection, fresh):
            if error is None:
                self._applied(record, envelope, outcome)
                continue
            # Not applied, so not seen: a mended consumer may take it from the topic.
            cur.execute(
                "DELETE FROM consumer_inbox WHERE group_id = %s AND event_id = %s",
                (self.projection.group, envelope.id),
            )
            self._park(cur, record, f"{envelope.type} could not be applied: {error}")
            outcome.parked += 1

    def _applied(
        self,
        record: ConsumerRecord[bytes, bytes],
        envelope: Envelope[IntegrationEvent],
        outcome: BatchOutcome,
    ) -> None:
        with correlation.bound(envelope.correlation_id):
            log.info(
                "applied %s",
                envelope.type,
                extra={"event_id": str(envelope.id), "group": self.projection.group},
            )
        outcome.applied[record.topic] = outcome.applied.get(record.topic, 0) + 1

    def prune_inbox(self) -> int:
        """Forgets the ids seen more than ``INBOX_KEEP`` ago: the inbox stays small."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "DELETE FROM consumer_inbox WHERE group_id = %s AND seen_at < now() - %s::interval",
                (self.projection.group, INBOX_KEEP),
            )
            return int(cur.rowcount)

    def _park(
        self, cur: psycopg.Cursor[Any], record: ConsumerRecord[bytes, bytes], reason: str
    ) -> None:
        park(cur, self.projection, record, reason)
