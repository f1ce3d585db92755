"""``python -m kk_observatory.sink --region EL43 --to FILE.duckdb``: a region's stream kept
as a local analytical copy that an observatory's analysts open in their own tools (DuckDB,
or anything that reads it: Python, R, DBeaver).

One table per record type, its columns the record's fields (``person_registered``,
``request_logged``, …), plus ``monthly_counts`` (the latest count of each cell) and
``stream_position``. Each batch is written in one DuckDB transaction with the position it
reached, so a copy interrupted at any point resumes where it stopped, with nothing twice.
A ``PersonErased`` record deletes every row of that pseudonym, in every table, and keeps
the pseudonym alone (``erased_people``), so that no record of theirs read later is kept.
It connects as the region's observatory (``KAFKA_USERNAME=observatory-EL43``,
``KAFKA_PASSWORD``; ``KAFKA_SECURITY_PROTOCOL`` and the rest as for any client) and reads
committed records only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import types
import typing
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from confluent_kafka import Consumer, KafkaException, TopicPartition
from kk_contracts.observatory import (
    RECORDS,
    Entity,
    MonthlyCount,
    ObservatoryRecord,
    PersonErased,
    observatory_topic,
)
from kk_contracts.reference import regions
from servicekit.kafka import librdkafka_config
from servicekit.progress import bar

BATCH = 5_000
BY_TYPE = {model.record_type: model for model in RECORDS}


def table_of(model: type[ObservatoryRecord]) -> str:
    """``PersonRegistered`` -> ``person_registered``."""
    name = model.__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _column_type(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _column_type(args[0])
    if origin is tuple:
        return "VARCHAR[]"
    if annotation is date:
        return "DATE"
    if annotation is bool:
        return "BOOLEAN"
    if annotation is int:
        return "BIGINT"
    return "VARCHAR"


def schema() -> list[str]:
    """The copy's tables, made if missing."""
    statements = [
        "CREATE TABLE IF NOT EXISTS stream_position (topic VARCHAR PRIMARY KEY, next BIGINT)",
        # who was erased: their rows are deleted, and none of theirs read later is kept
        # (the region's topics are read side by side, so one may come after the erasure)
        "CREATE TABLE IF NOT EXISTS erased_people (person VARCHAR PRIMARY KEY)",
    ]
    for model in RECORDS:
        columns = [
            f'"{name}" {_column_type(field.annotation)}'
            for name, field in model.model_fields.items()
        ]
        if model is MonthlyCount:
            columns = [c + " PRIMARY KEY" if c.startswith('"cell" ') else c for c in columns]
            statements.append(f"CREATE TABLE IF NOT EXISTS monthly_counts ({', '.join(columns)})")
        elif model is not PersonErased:
            statements.append(
                f"CREATE TABLE IF NOT EXISTS {table_of(model)} (record_id VARCHAR PRIMARY KEY, "
                f"published_at VARCHAR, {', '.join(columns)})"
            )
    return statements


class Copy:
    """The DuckDB file of one region's stream."""

    def __init__(self, path: Path) -> None:
        self.db = duckdb.connect(str(path))
        for statement in schema():
            self.db.execute(statement)
        self.erased = {
            row[0] for row in self.db.execute("SELECT person FROM erased_people").fetchall()
        }
        self.with_person = [
            table_of(m) for m in RECORDS if "person" in m.model_fields and m is not PersonErased
        ]

    def positions(self, topics: Sequence[str]) -> dict[str, int]:
        rows = dict(self.db.execute("SELECT topic, next FROM stream_position").fetchall())
        return {topic: int(rows.get(topic, 0)) for topic in topics}

    def write(self, messages: Sequence[Any]) -> None:
        """The messages, and how far they reach, in one transaction."""
        reached: dict[str, int] = {}
        newly: set[str] = set()  # erased in this batch
        self.db.execute("BEGIN TRANSACTION")
        try:
            for message in messages:
                reached[message.topic()] = message.offset() + 1
                headers = dict(message.headers() or ())
                model = BY_TYPE.get(headers.get("ce_type", b"").decode())
                if model is None:
                    continue  # a record type newer than this copy: left out, not guessed
                record = json.loads(message.value())
                if model is PersonErased:
                    for table in self.with_person:
                        self.db.execute(f"DELETE FROM {table} WHERE person = ?", [record["person"]])
                    self.db.execute(
                        "INSERT OR IGNORE INTO erased_people VALUES (?)", [record["person"]]
                    )
                    newly.add(record["person"])
                elif record.get("person") in self.erased or record.get("person") in newly:
                    continue
                elif model is MonthlyCount:
                    self._insert("monthly_counts", record)
                else:
                    row = {
                        "record_id": headers["ce_id"].decode(),
                        "published_at": headers.get("ce_time", b"").decode(),
                        **record,
                    }
                    self._insert(table_of(model), row)
            for topic, offset in reached.items():
                self.db.execute(
                    "INSERT OR REPLACE INTO stream_position VALUES (?, ?)", [topic, offset]
                )
            self.db.execute("COMMIT")
            self.erased |= newly  # known for good once committed
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        """A row, replacing the one of the same key (a record read again after a crash)."""
        names, marks = ", ".join(f'"{name}"' for name in row), ", ".join("?" for _ in row)
        self.db.execute(
            f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", list(row.values())
        )

    def close(self) -> None:
        self.db.close()


def run(region: str, path: Path, *, bootstrap_servers: str, follow: bool = False) -> int:
    """Copies the region's stream into ``path`` from where it stopped; to the end of what
    is there now (or on, with ``follow``). How many records it read."""
    topics = [observatory_topic(region, entity) for entity in Entity]
    copy = Copy(path)
    consumer = Consumer(
        librdkafka_config(
            bootstrap_servers,
            **{
                "group.id": f"kk.observatory.{region}.sink",  # never joined: assigned
                "enable.auto.commit": False,
                "isolation.level": "read_committed",
            },
        )
    )
    read = 0
    try:
        start = copy.positions(topics)
        ends = {t: consumer.get_watermark_offsets(TopicPartition(t, 0), 15)[1] for t in topics}
        total = sum(max(ends[t] - start[t], 0) for t in topics)
        consumer.assign([TopicPartition(t, 0, start[t]) for t in topics])
        position = dict(start)
        while follow or any(position[t] < ends[t] for t in topics):
            messages = [m for m in consumer.consume(BATCH, 0.5) if m.error() is None]
            if messages:
                copy.write(messages)
                read += len(messages)
            for tp in consumer.position([TopicPartition(t, 0) for t in topics]):
                if tp.offset >= 0:
                    position[tp.topic] = tp.offset
            done = sum(max(min(position[t], ends[t]) - start[t], 0) for t in topics)
            bar(f"  {region} → {path.name}", done, max(total, 1))
    finally:
        consumer.close()
        copy.close()
    return read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kk_observatory.sink",
        description="Τοπικό αντίγραφο της ροής μιας περιφέρειας / a local copy of a region's "
        "stream, in DuckDB",
    )
    parser.add_argument("--region", required=True, choices=sorted(regions()), help="NUTS-2")
    parser.add_argument("--to", required=True, type=Path, help="the DuckDB file")
    parser.add_argument("--follow", action="store_true", help="keep following the stream")
    args = parser.parse_args(argv)
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        print("set KAFKA_BOOTSTRAP_SERVERS (and the region's credentials)", file=sys.stderr)
        return 2
    try:
        read = run(args.region, args.to, bootstrap_servers=bootstrap, follow=args.follow)
    except (KafkaException, ValueError) as e:
        print(f"η αντιγραφή απέτυχε / the copy failed: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"{read:,} records read into {args.to}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
