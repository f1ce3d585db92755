"""The per-person data keys on their own, against the real PostgreSQL: made once and kept,
read back by another process, and gone for good when the person is erased."""

from __future__ import annotations

import base64
import os
from typing import Any
from uuid import uuid4

import pytest
from cryptography.exceptions import InvalidTag
from psycopg_pool import ConnectionPool
from servicekit.subject_keys import PostgresSubjectKeys, SubjectErasedError

pytestmark = pytest.mark.integration
MASTER = base64.b64encode(os.urandom(32)).decode()


def test_a_key_is_made_once_and_another_process_reads_the_same_one(
    pool: ConnectionPool[Any],
) -> None:
    person = uuid4()
    here = PostgresSubjectKeys(pool, MASTER)
    cipher = here.cipher_for(person, create=True)
    assert cipher is not None
    sealed = cipher.encrypt(b"\0" * 12, "Ελένη".encode(), None)
    there = PostgresSubjectKeys(pool, MASTER)  # nothing cached: read from the table
    read_back = there.cipher_for(person, create=False)
    assert read_back is not None
    assert read_back.decrypt(b"\0" * 12, sealed, None).decode() == "Ελένη"
    assert there.cipher_for(person, create=True) is not None  # asking again makes no other
    with pool.connection() as conn:
        row = conn.execute("SELECT count(*) AS n FROM subject_keys").fetchone()
    assert row == {"n": 1}


def test_the_key_is_kept_wrapped_never_in_clear(pool: ConnectionPool[Any]) -> None:
    person = uuid4()
    PostgresSubjectKeys(pool, MASTER).cipher_for(person, create=True)
    with pool.connection() as conn:
        row = conn.execute(
            "SELECT wrapped_key FROM subject_keys WHERE subject_id = %s", (person,)
        ).fetchone()
    assert row is not None
    other_master = base64.b64encode(os.urandom(32)).decode()
    assert len(bytes(row["wrapped_key"])) == 12 + 32 + 16  # nonce, sealed key, its tag
    with pytest.raises(InvalidTag):  # and another master key cannot unwrap it
        PostgresSubjectKeys(pool, other_master).cipher_for(person, create=False)


def test_an_erased_persons_key_is_gone_and_never_made_again(pool: ConnectionPool[Any]) -> None:
    person = uuid4()
    keys = PostgresSubjectKeys(pool, MASTER)
    assert keys.cipher_for(person, create=True) is not None
    keys.destroy(person)
    fresh = PostgresSubjectKeys(pool, MASTER)
    assert fresh.cipher_for(person, create=False) is None
    with pytest.raises(SubjectErasedError):
        fresh.cipher_for(person, create=True)


def test_many_keys_are_read_at_once(pool: ConnectionPool[Any]) -> None:
    people = {uuid4() for _ in range(5)}
    maker = PostgresSubjectKeys(pool, MASTER)
    for person in people:
        maker.cipher_for(person, create=True)
    reader = PostgresSubjectKeys(pool, MASTER)
    reader.prefetch(people)
    assert set(reader.cache) == people
