"""The swap: what the rebuild read put in place of what the live consumers kept, in one
transaction, while the consumers wait at their fences.

The inbox goes with the tables. A resend comes within ``RESENT_WITHIN`` messages of its
first sending, so once the consumers carry on from where the rebuild stopped, the only ids
they may meet again are those of the last messages of each partition: the rebuilt inbox
holds exactly those (written by COPY before the fences were taken, and those read under
them added here). Were another read model to keep its offsets in this schema without being
rebuilt, the live inbox stays, and the rebuild's ids beyond where each consumer had got are
added to it instead."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql
from servicekit.projections import Projection

from kk_reporting.adapters.rebuild.shares import Outcome, Partition
from kk_reporting.adapters.tally import scratch


def swap(
    cur: psycopg.Cursor[Any],
    projections: Sequence[Projection],
    live: str,
    shadow: str,
    read: Outcome,
    late: dict[Partition, int],
) -> None:
    """The offsets, ids and parked events first; the tables last, each a quick change of
    schema, so that the dashboards wait on them only for a moment. ``late``: where the
    reading under the fences began, partition by partition."""
    live_schema, shadow_schema = sql.Identifier(live), sql.Identifier(shadow)
    keep_live_inbox = bool(_groups(cur, live_schema) - {p.group for p in projections})
    for projection in projections:
        had = _offsets_given_up(cur, live_schema, projection.group)
        mine = [p for p in read.next_offsets if p[0] in projection.topics]
        cur.executemany(
            sql.SQL(
                "INSERT INTO {}.consumer_offsets (group_id, topic, partition, next_offset)"
                " VALUES (%s, %s, %s, %s)"
            ).format(live_schema),
            [(projection.group, *p, read.next_offsets[p]) for p in mine],
        )
        since = had if keep_live_inbox else late
        ids = [
            UUID(int=number)
            for p in mine
            for offset, number, groups in read.recent.get(p, ())
            if offset >= since.get(p, 0) and projection.group in groups
        ]
        inbox = live_schema if keep_live_inbox else shadow_schema
        _add_to_inbox(cur, inbox, projection.group, ids)
    cur.execute(
        sql.SQL(
            """INSERT INTO {}.consumer_dead_letters (group_id, dead_letter_topic, topic,
                   partition, "offset", key, value, headers, reason)
               SELECT group_id, dead_letter_topic, topic, partition, "offset", key,
                      value, headers, reason FROM {}.consumer_dead_letters"""
        ).format(live_schema, shadow_schema)
    )
    tables = [table for p in projections for table in p.tables]  # type: ignore[attr-defined]
    for table in tables if keep_live_inbox else [*tables, "consumer_inbox"]:
        t = sql.Identifier(table)
        cur.execute(sql.SQL("DROP TABLE IF EXISTS {}.{}").format(live_schema, t))
        cur.execute(
            sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(shadow_schema, t, live_schema)
        )
    cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(shadow_schema))
    cur.execute(sql.SQL("SET LOCAL search_path TO {}").format(live_schema))


def _groups(cur: psycopg.Cursor[Any], live: sql.Identifier) -> set[str]:
    """The read models that keep their offsets in the live schema."""
    cur.execute(sql.SQL("SELECT DISTINCT group_id FROM {}.consumer_offsets").format(live))
    return {row["group_id"] for row in cur.fetchall()}


def _offsets_given_up(
    cur: psycopg.Cursor[Any], live: sql.Identifier, group: str
) -> dict[Partition, int]:
    """The live consumer's offsets, deleted: where it had got."""
    cur.execute(
        sql.SQL(
            "DELETE FROM {}.consumer_offsets WHERE group_id = %s "
            "RETURNING topic, partition, next_offset"
        ).format(live),
        (group,),
    )
    return {(r["topic"], r["partition"]): r["next_offset"] for r in cur.fetchall()}


def _add_to_inbox(
    cur: psycopg.Cursor[Any], schema: sql.Identifier, group: str, ids: list[Any]
) -> None:
    """The ids, by COPY and then in their order."""
    if not ids:
        return
    scratch(cur, "inbox_in", "event_id uuid", ["uuid"], ((event_id,) for event_id in ids))
    cur.execute(
        sql.SQL(
            "INSERT INTO {}.consumer_inbox (group_id, event_id) "
            "SELECT %s, event_id FROM inbox_in ORDER BY event_id ON CONFLICT DO NOTHING"
        ).format(schema),
        (group,),
    )
