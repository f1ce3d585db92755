"""Dead letters: the messages a read model cannot take, parked and then forwarded.

A message that cannot be read (not JSON, unknown type, schema violation) or whose handler
fails is parked in a dead-letter table, with the reason, in the transaction of the batch
that met it: it is either applied or parked, never lost between the two. The group's
consumer then forwards what is parked to the service's dead-letter topic, oldest first, with
the reason and where it came from in its headers, and unparks each once Kafka has it (a
crash in between sends it once more, at worst).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from servicekit.metrics import DEAD_LETTERS

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

    from servicekit.projections import Projection

# Parking is a step of the tracked consumer (and of a rebuild): it logs under the consumer's
# name, so that one logger tells a consumer's whole story.
log = logging.getLogger("servicekit.consumer")


def park(cur: psycopg.Cursor[Any], projection: Projection, record: Any, reason: str) -> None:
    """Parks a message a read model cannot take, with the reason, in the transaction at hand;
    the group's consumer forwards it to the dead-letter topic."""
    log.warning(
        "dead-lettering %s[%s]@%s: %s", record.topic, record.partition, record.offset, reason
    )
    cur.execute(
        """INSERT INTO consumer_dead_letters (group_id, dead_letter_topic, topic, partition,
               "offset", key, value, headers, reason)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""",
        (
            projection.group,
            projection.dead_letter_topic,
            record.topic,
            record.partition,
            record.offset,
            record.key,
            record.value,
            Jsonb([[name, raw.hex()] for name, raw in record.headers]),
            reason,
        ),
    )


async def forward_parked(
    producer: Any, *, pool: ConnectionPool[Any], service: str, group: str
) -> None:
    """Sends what the group has parked to its dead-letter topic, each unparked once sent."""
    rows = await asyncio.to_thread(_parked, pool, group)
    for row in rows:
        headers = [(name, bytes.fromhex(raw)) for name, raw in row["headers"]]
        headers += [
            ("dlq_reason", row["reason"].encode()),
            ("dlq_topic", row["topic"].encode()),
            ("dlq_partition", str(row["partition"]).encode()),
            ("dlq_offset", str(row["offset"]).encode()),
            ("dlq_group", group.encode()),
        ]
        await producer.send_and_wait(
            row["dead_letter_topic"], row["value"], key=row["key"], headers=headers
        )
        await asyncio.to_thread(_unpark, pool, row["id"])
        DEAD_LETTERS.labels(service, group, row["topic"]).inc()


def _parked(pool: ConnectionPool[Any], group: str) -> list[dict[str, Any]]:
    with pool.connection() as conn:
        rows: list[dict[str, Any]] = conn.execute(
            "SELECT * FROM consumer_dead_letters WHERE group_id = %s ORDER BY id",
            (group,),
        ).fetchall()
    return rows


def _unpark(pool: ConnectionPool[Any], row_id: int) -> None:
    with pool.connection() as conn:
        conn.execute("DELETE FROM consumer_dead_letters WHERE id = %s", (row_id,))
