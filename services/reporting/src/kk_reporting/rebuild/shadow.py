"""The rebuild's own schema: made empty beside the live one, its tables as the live ones
are made but for the keys of those filled in bulk, which are made whole once every row is
in; and where each partition begins and ends."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
from aiokafka import AIOKafkaConsumer, TopicPartition
from psycopg import sql
from servicekit.kafka import partitions_of
from servicekit.tracking import INBOX_KEYS, INBOX_UNKEYED, TRACKING_DDL

from kk_reporting.rebuild.processes import connect
from kk_reporting.rebuild.shares import Partition


def prepare(
    database_url: str, schema: str, shadow: str, projections: Sequence[Any]
) -> psycopg.Connection[Any]:
    """The shadow schema, its tables made as the live ones were, then left without the
    keys of those a bulk tally fills; a connection to it."""
    work = connect(database_url, schema)
    name = sql.Identifier(shadow)
    work.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(name))
    work.execute(sql.SQL("CREATE SCHEMA {}").format(name))
    work.execute(sql.SQL("SET search_path TO {}").format(name))
    work.execute(TRACKING_DDL.encode())
    work.execute(INBOX_UNKEYED.encode())
    for projection in projections:
        work.execute(projection.ddl.encode())
        if hasattr(projection, "before_bulk"):
            with work.cursor() as cur:
                projection.before_bulk(cur)
    return work


def make_keys(database_url: str, shadow: str, projections: Sequence[Any]) -> None:
    """The keys of the bulk-filled tables, made by as many connections at once as there
    are cores, then each new table vacuumed: the planner's statistics, which the dashboards'
    queries will need at once, and its pages marked all-visible, so that they are read from
    the keys alone (else the first autovacuum does it, while they serve)."""
    bulk = [p for p in projections if hasattr(p, "after_bulk")]
    statements = [statement for p in bulk for statement in p.after_bulk()]
    statements += INBOX_KEYS
    # after the keys: each connection takes the next statement once it is free
    statements += [f"VACUUM (ANALYZE) {table}" for p in projections for table in p.tables]
    ways = min(os.cpu_count() or 1, 2, len(statements))
    pending = iter(statements)

    def one_at_a_time() -> None:
        with connect(database_url, shadow) as conn:
            # one table a connection: no parallel workers besides, on a machine this size
            conn.execute("SET maintenance_work_mem = '256MB'")
            conn.execute("SET max_parallel_maintenance_workers = 0")
            for statement in pending:  # one iterator shared: each statement once
                conn.execute(statement.encode())

    with ThreadPoolExecutor(ways, thread_name_prefix="rebuild-keys") as pool:
        for done in [pool.submit(one_at_a_time) for _ in range(ways)]:
            done.result()


async def bounds(
    bootstrap_servers: str, client_id: str, topics: Sequence[str]
) -> tuple[dict[Partition, int], dict[Partition, int]]:
    """Where each partition of ``topics`` begins and ends now."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        client_id=client_id,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        tps = [TopicPartition(t, p) for t in topics for p in await partitions_of(consumer, t)]
        begin = await consumer.beginning_offsets(tps)
        end = await consumer.end_offsets(tps)
        return (
            {(tp.topic, tp.partition): begin[tp] for tp in tps},
            {(tp.topic, tp.partition): end[tp] for tp in tps},
        )
    finally:
        await consumer.stop()
