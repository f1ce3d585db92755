"""Helpers for the tests: tokens, polling, valid AMKAs, raw Kafka access, scratch schemas."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import psycopg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from psycopg import sql
from psycopg.rows import dict_row
from servicekit.auth import Principal, Role, TokenCodec
from servicekit.kafka import client_options, partitions_of
from servicekit.migrations import migrate

T = TypeVar("T")
ALL_PURPOSES = (
    "case_management",
    "referral_sharing",
    "programme_applications",
    "follow_up_contact",
)


def token(secret: str, role: Role, **scope: str) -> dict[str, str]:
    principal = Principal(subject=f"test-{role.value}", role=role, **scope)
    return {"Authorization": f"Bearer {TokenCodec(secret, 'HS256').mint(principal)}"}


def eventually(probe: Callable[[], T | None], *, timeout: float = 30.0, every: float = 0.2) -> T:
    """Polls ``probe`` until it returns something truthy; fails with the last value."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


_ISSUED: set[str] = set()


def valid_amka(rng: random.Random | None = None) -> str:
    """An 11-digit number whose last digit is its Luhn check digit, never the same twice in
    a test session (the same AMKA twice is a transfer or a 409, by design)."""
    rng = rng or random.Random()
    while True:
        body = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}"
        body += "".join(str(rng.randint(0, 9)) for _ in range(4))
        amka = next(body + c for c in "0123456789" if _luhn(body + c))
        if amka not in _ISSUED:
            _ISSUED.add(amka)
            return amka


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        v = int(c)
        if i % 2:
            v = v * 2 - 9 if v > 4 else v * 2
        total += v
    return total % 10 == 0


_BORN: set[date] = set()


def unique_birth_date(rng: random.Random | None = None) -> str:
    """A birth date not used before in this process: files with the same names and birth
    date are flagged as likely duplicates, which only the tests about that should cause."""
    rng = rng or random.Random()
    while True:
        born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 65 * 365))
        if born not in _BORN:
            _BORN.add(born)
            return born.isoformat()


def person(centre_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "centre_id": centre_id,
        "amka": valid_amka(),
        "given_name": "Ελένη",
        "family_name": "Παπαδοπούλου",
        "birth_date": unique_birth_date(),
        "sex": "female",
        "municipality_code": centre_id.removeprefix("KK-"),
        "vulnerable_groups": ["unemployment"],
        "mgi_recipient": True,
        "consent": {"legal_basis": "consent", "purposes": list(ALL_PURPOSES)},
        **overrides,
    }


def produce(
    bootstrap: str, topic: str, messages: list[tuple[bytes, bytes | None, list[tuple[str, bytes]]]]
) -> None:
    async def send() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", **client_options())
        await producer.start()
        try:
            for key, value, headers in messages:
                await producer.send_and_wait(topic, value, key=key, headers=headers)
        finally:
            await producer.stop()

    asyncio.run(send())


def read_topic(bootstrap: str, topic: str, *, timeout: float = 5.0) -> list[Any]:
    """Every message on ``topic`` from the beginning, read without a consumer group."""

    async def read() -> list[Any]:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
        )
        await consumer.start()
        try:
            partitions = [TopicPartition(topic, p) for p in await partitions_of(consumer, topic)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            records: list[Any] = []
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                positions = [await consumer.position(tp) for tp in partitions]
                if all(pos >= ends[tp] for pos, tp in zip(positions, partitions, strict=True)):
                    break
                batch = await consumer.getmany(timeout_ms=200)
                for recs in batch.values():
                    records.extend(recs)
            return records
        finally:
            await consumer.stop()

    return asyncio.run(read())


_NAMES = itertools.count(random.randrange(10**9))
IMPORT_HEADER = (
    "amka;afm;given_name;family_name;birth_date;sex;municipality_code;vulnerable_groups;"
    "mgi_recipient;phone;legal_basis;consent_purposes;registered_on"
)


def legacy_rows(count: int, municipality: str, rng: random.Random | None = None) -> list[str]:
    """Rows of a legacy export as Greek spreadsheets save it (semicolons, dd/mm/yyyy),
    each a different person."""
    rng = rng or random.Random()
    sexes, groups = ("female", "male"), ("poverty", "unemployment", "elderly|poverty", "")
    rows = []
    for _ in range(count):
        born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 65 * 365))
        name = next(_NAMES)  # never the same names twice: no likely duplicates among them
        rows.append(
            f"{valid_amka(rng)};;Όνομα{name};Επώνυμο{name};"
            f"{born:%d/%m/%Y};{rng.choice(sexes)};{municipality};{rng.choice(groups)};"
            f"{rng.choice(('ναι', 'όχι'))};+30 69{rng.randint(10**7, 10**8 - 1)};consent;"
            f"case_management|referral_sharing;{2018 + rng.randint(0, 7)}-0{rng.randint(1, 9)}-15"
        )
    return rows


@contextmanager
def scratch_schema(
    database_url: str, prefix: str, migrations: Sequence[Path]
) -> Iterator[psycopg.Cursor[Any]]:
    """A cursor in a schema of its own on the real PostgreSQL, made by a service's
    ``migrations`` and dropped afterwards: read models tested apart from their consumers."""
    schema = f"{prefix}_{uuid4().hex[:8]}"
    migrate(database_url, schema, migrations)
    with psycopg.connect(database_url, autocommit=True, row_factory=dict_row) as conn:
        conn.execute(f"SET search_path TO {schema}")  # type: ignore[arg-type]
        try:
            with conn.cursor() as cursor:
                yield cursor
        finally:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


def _intake_events(conn: psycopg.Connection[Any]) -> sql.Identifier:
    row = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'intake' "
        "AND tablename LIKE '%\\_events'"
    ).fetchone()
    assert row is not None, "intake stores its events"
    return sql.Identifier("intake", row[0])


def last_intake_notification(database_url: str) -> int:
    """Where intake's event store stands: its newest notification id."""
    with psycopg.connect(database_url) as conn:
        query = sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(
            _intake_events(conn)
        )
        row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def intake_events_since(database_url: str, after: int, kind: str) -> int:
    """How many events of this kind (``Beneficiary.Registered``…) intake stored after
    notification ``after``."""
    with psycopg.connect(database_url) as conn:
        query = sql.SQL(
            "SELECT count(*) FROM {} WHERE notification_id > %s AND topic LIKE %s"
        ).format(_intake_events(conn))
        row = conn.execute(query, (after, f"%{kind}%")).fetchone()
    return int(row[0]) if row else 0
