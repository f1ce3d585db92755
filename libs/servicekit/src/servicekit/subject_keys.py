"""The keys that seal each person's data ("subject" keys), for crypto-shredding
(``servicekit.shredding``): one AES-GCM data key per person, kept in PostgreSQL wrapped with
the service's master key, and destroyed to erase the person."""

from __future__ import annotations

import base64
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

NONCE = 12
KEY_CACHE_SECONDS = 30.0


class SubjectErasedError(LookupError):
    """The person's data were erased: their key is destroyed."""

    def __init__(self, subject: UUID) -> None:
        super().__init__(f"the data of {subject} were erased")
        self.subject = subject


class SubjectKeys(Protocol):
    def cipher_for(self, subject: UUID, *, create: bool) -> AESGCM | None: ...
    def destroy(self, subject: UUID) -> None: ...
    def prefetch(self, subjects: set[UUID]) -> None: ...


class PostgresSubjectKeys:
    """Data keys per subject, wrapped with the master key, cached for a few seconds (so a
    destroyed key may still be in another process's memory for up to KEY_CACHE_SECONDS)."""

    def __init__(self, pool: ConnectionPool[Any], master_key_b64: str) -> None:
        self.pool = pool
        self.master = AESGCM(base64.b64decode(master_key_b64))
        self.cache: dict[UUID, tuple[float, AESGCM]] = {}
        self.lock = threading.Lock()

    def cipher_for(self, subject: UUID, *, create: bool) -> AESGCM | None:
        """The subject's cipher (a ready AESGCM: building one per event costs more than the
        decryption itself)."""
        with self.lock:
            cached = self.cache.get(subject)
        if cached and time.monotonic() - cached[0] < KEY_CACHE_SECONDS:
            return cached[1]
        key = self._load_or_create(subject) if create else self._load(subject)
        if key is None:
            return None
        cipher = AESGCM(key)
        with self.lock:
            self.cache[subject] = (time.monotonic(), cipher)
        return cipher

    def prefetch(self, subjects: set[UUID]) -> None:
        """Loads many keys in one query (a relay reads many people's events at once)."""
        now = time.monotonic()
        with self.lock:
            wanted = [
                s for s in subjects if now - self.cache.get(s, (0.0, b""))[0] >= KEY_CACHE_SECONDS
            ]
        if not wanted:
            return
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT subject_id, wrapped_key FROM subject_keys WHERE subject_id = ANY(%s)",
                (wanted,),
            ).fetchall()
        ciphers = {
            row["subject_id"]: AESGCM(self._unwrap(bytes(row["wrapped_key"]), row["subject_id"]))
            for row in rows
        }
        with self.lock:
            for subject, cipher in ciphers.items():
                self.cache[subject] = (now, cipher)

    def stager(self) -> StagedSubjectKeys:
        """Keys for a bulk import's new subjects, made in memory (no database: it may run
        in forked worker processes) and written later with ``write_staged``."""
        return StagedSubjectKeys(self.master)

    @staticmethod
    def write_staged(cur: psycopg.Cursor[Any], rows: list[tuple[UUID, bytes]]) -> None:
        """Writes staged keys inside the caller's transaction (with the events they seal)."""
        with cur.copy("COPY subject_keys (subject_id, wrapped_key) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def forget_cached(self) -> None:
        with self.lock:
            self.cache.clear()

    def destroy(self, subject: UUID) -> None:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            self.destroy_in(cur, subject)

    def destroy_in(self, cur: psycopg.Cursor[Any], subject: UUID) -> None:
        """Destroys the key inside the caller's transaction (a consumer finishing an erasure
        records its progress in the same one). Destroying twice is harmless."""
        cur.execute("DELETE FROM subject_keys WHERE subject_id = %s", (subject,))
        cur.execute(
            "INSERT INTO erased_subjects (subject_id) VALUES (%s) ON CONFLICT DO NOTHING",
            (subject,),
        )
        with self.lock:
            self.cache.pop(subject, None)

    def _load(self, subject: UUID) -> bytes | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT wrapped_key FROM subject_keys WHERE subject_id = %s", (subject,)
            ).fetchone()
        return self._unwrap(bytes(row["wrapped_key"]), subject) if row else None

    def _load_or_create(self, subject: UUID) -> bytes:
        """The subject's key, made now if it has none: one round trip either way.

        The new key's commit waits for the disk, like the events it will seal: the key is
        kept in memory once made, so a retry after a database crash would seal its events
        with a key whose row the crash had lost, had this commit not been durable."""
        key = AESGCM.generate_key(256)
        nonce = os.urandom(NONCE)
        wrapped = nonce + self.master.encrypt(nonce, key, subject.bytes)
        with self.pool.connection() as conn:
            with conn.pipeline(), conn.transaction():
                cur = conn.execute(
                    """WITH made AS (
                           INSERT INTO subject_keys (subject_id, wrapped_key)
                           SELECT %(s)s, %(w)s WHERE NOT EXISTS (
                               SELECT 1 FROM erased_subjects WHERE subject_id = %(s)s)
                           ON CONFLICT DO NOTHING RETURNING wrapped_key)
                       SELECT wrapped_key FROM made
                       UNION ALL
                       SELECT wrapped_key FROM subject_keys WHERE subject_id = %(s)s
                       LIMIT 1""",
                    {"s": subject, "w": wrapped},
                )
            row = cur.fetchone()
        if row is None:  # made meanwhile by a transaction not yet visible, or erased
            existing = self._load(subject)
            if existing is None:
                raise SubjectErasedError(subject)
            return existing
        return self._unwrap(bytes(row["wrapped_key"]), subject)

    def _unwrap(self, wrapped: bytes, subject: UUID) -> bytes:
        return self.master.decrypt(wrapped[:NONCE], wrapped[NONCE:], subject.bytes)


class StagedSubjectKeys:
    """New keys for new subjects only, made in memory and wrapped with the master key:
    ``stage`` makes them, ``cipher_for`` seals with them, ``wrapped`` is what to write.
    Asking for any other subject's key is a bug, not a database query."""

    def __init__(self, master: AESGCM) -> None:
        self.master = master
        self.ciphers: dict[UUID, AESGCM] = {}
        self.wrapped: list[tuple[UUID, bytes]] = []

    def stage(self, subject: UUID) -> None:
        key = AESGCM.generate_key(256)
        nonce = os.urandom(NONCE)
        self.wrapped.append((subject, nonce + self.master.encrypt(nonce, key, subject.bytes)))
        self.ciphers[subject] = AESGCM(key)

    def cipher_for(self, subject: UUID, *, create: bool) -> AESGCM | None:
        try:
            return self.ciphers[subject]
        except KeyError:
            raise LookupError(f"no key was staged for {subject}") from None

    def destroy(self, subject: UUID) -> None:
        raise NotImplementedError("staged keys are only for sealing new subjects")

    def prefetch(self, subjects: set[UUID]) -> None:
        return None


class InMemorySubjectKeys:
    """Subject keys for an Application on the in-memory event store (unit tests)."""

    def __init__(self) -> None:
        self.keys: dict[UUID, bytes] = {}
        self.erased: set[UUID] = set()

    def cipher_for(self, subject: UUID, *, create: bool) -> AESGCM | None:
        if subject not in self.keys and create:
            if subject in self.erased:
                raise SubjectErasedError(subject)
            self.keys[subject] = AESGCM.generate_key(256)
        key = self.keys.get(subject)
        return AESGCM(key) if key is not None else None

    def destroy(self, subject: UUID) -> None:
        self.keys.pop(subject, None)
        self.erased.add(subject)

    def prefetch(self, subjects: set[UUID]) -> None:
        return None
