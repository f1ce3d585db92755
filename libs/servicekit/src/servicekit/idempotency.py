"""``Idempotency-Key`` on writes: a retried request gets the first answer, not a second effect.

A mobile unit on a bad connection may send the same write twice. With the same key, from
the same caller (the token's subject), for the same request, the stored answer is replayed
(``Idempotent-Replayed: true``). The same key with a different request is refused (422); a
retry while the first is still being processed gets 409. Only successful answers are kept
(a refused write changed nothing, so it may simply run again); keys are kept for a day.

A write that ended in a server error (the database gone mid-commit, say) may or may not
have been stored: its key is kept as "outcome unknown" and a retry runs it again. So that
the retry finds what the first attempt stored instead of making it twice, a command that
creates something names it ``keyed_id(request)``, an id that follows from the caller and
the key; a claim whose request never settled (its process died) is taken over after
``ABANDONED_AFTER``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import uuid
from typing import TYPE_CHECKING, Any

import jwt

from servicekit.errors import (
    DATABASE_UNAVAILABLE,
    RETRY_AFTER_SECONDS,
    database_unavailable_body,
    error_body,
)

if TYPE_CHECKING:
    from fastapi import Request
    from psycopg_pool import ConnectionPool
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

HEADER = b"idempotency-key"
_VALID_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
_WRITES = {"POST", "PUT", "PATCH"}
UNKNOWN = 0
"""The status kept for a write that ended in a server error: it may have been stored."""
ABANDONED_AFTER = "15 seconds"
_KEYED_IDS = uuid.UUID("5c4e1a4e-2f1c-4b8e-9d0a-6b1f3f0f6a11")


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", ())) if scope["type"] == "http" else {}
        key = headers.get(HEADER, b"").decode("latin-1")
        if not key or scope["method"] not in _WRITES:
            await self.app(scope, receive, send)
            return
        if not _VALID_KEY.match(key):
            await _answer(
                send,
                400,
                "invalid_idempotency_key",
                "Idempotency-Key must be 8-128 letters, digits or _.:-",
            )
            return
        body = await _read_body(receive)
        caller = _caller(headers.get(b"authorization", b"").decode("latin-1"))
        request_hash = hashlib.sha256(
            f"{scope['method']} {scope['path']} ".encode() + body
        ).hexdigest()
        pool: ConnectionPool[Any] = scope["app"].state.service.pool
        try:
            known = await asyncio.to_thread(_claim, pool, caller, key, request_hash)
        except DATABASE_UNAVAILABLE:
            await _unavailable(send)
            return
        if known is not None:
            await _replay(send, known, request_hash)
            return
        await self._run_and_keep(scope, body, send, pool, caller, key)

    async def _run_and_keep(
        self,
        scope: Scope,
        body: bytes,
        send: Send,
        pool: ConnectionPool[Any],
        caller: str,
        key: str,
    ) -> None:
        sent = False
        status, content_type, chunks = 500, "application/json", []

        async def replay_body() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", ()):
                    if name.lower() == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            try:
                await asyncio.to_thread(
                    _settle, pool, caller, key, status, content_type, b"".join(chunks)
                )
            except DATABASE_UNAVAILABLE as exc:  # the claim is taken over once abandoned
                log.warning("idempotency key %s not settled: %s", key, exc)


def keyed_id(request: Request) -> uuid.UUID | None:
    """The id a create command gives what it makes when the request has an
    ``Idempotency-Key``: the same caller and key always name the same thing, so a retry of a
    write whose outcome was unknown finds it rather than making it twice. Derived from a
    random key, it says nothing about anyone."""
    key = request.headers.get("idempotency-key", "")
    if not _VALID_KEY.match(key):
        return None
    caller = _caller(request.headers.get("authorization", ""))
    return uuid.uuid5(_KEYED_IDS, f"{caller}\x00{key}")


def _caller(authorization: str) -> str:
    """The token's subject, read without checking it: it only namespaces the keys (the
    endpoint itself checks the token)."""
    token = authorization.removeprefix("Bearer ").strip()
    try:
        return str(jwt.decode(token, options={"verify_signature": False}).get("sub", "?"))
    except jwt.InvalidTokenError:
        return "?"


async def _read_body(receive: Receive) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


def _claim(
    pool: ConnectionPool[Any], caller: str, key: str, request_hash: str
) -> dict[str, Any] | None:
    """Claims the key for this request; returns the row if someone already holds it. A
    claim whose write ended with its outcome unknown, or was abandoned, is taken over by the
    same request."""
    with pool.connection() as conn, conn.transaction():
        conn.execute("DELETE FROM idempotency_keys WHERE created_at < now() - interval '1 day'")
        inserted = conn.execute(
            "INSERT INTO idempotency_keys (caller, key, request_hash) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (caller, key, request_hash),
        ).rowcount
        if inserted:
            return None
        retaken = conn.execute(
            """UPDATE idempotency_keys SET status = NULL, created_at = now()
               WHERE caller = %s AND key = %s AND request_hash = %s
                 AND (status = %s
                      OR (status IS NULL AND created_at < now() - %s::interval))""",
            (caller, key, request_hash, UNKNOWN, ABANDONED_AFTER),
        ).rowcount
        if retaken:
            return None
        row: dict[str, Any] | None = conn.execute(
            "SELECT request_hash, status, body, content_type FROM idempotency_keys "
            "WHERE caller = %s AND key = %s",
            (caller, key),
        ).fetchone()
        return row


def _settle(
    pool: ConnectionPool[Any], caller: str, key: str, status: int, content_type: str, body: bytes
) -> None:
    """Keeps a success to replay, forgets a refusal (it changed nothing), and marks a server
    error as of unknown outcome (a retry runs it again)."""
    with pool.connection() as conn:
        if 200 <= status < 300:
            conn.execute(
                "UPDATE idempotency_keys SET status = %s, body = %s, content_type = %s "
                "WHERE caller = %s AND key = %s",
                (status, body, content_type, caller, key),
            )
        elif status >= 500:
            conn.execute(
                "UPDATE idempotency_keys SET status = %s WHERE caller = %s AND key = %s",
                (UNKNOWN, caller, key),
            )
        else:
            conn.execute(
                "DELETE FROM idempotency_keys WHERE caller = %s AND key = %s", (caller, key)
            )


async def _replay(send: Send, row: dict[str, Any], request_hash: str) -> None:
    if row["request_hash"] != request_hash:
        await _answer(
            send,
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different request; use a new key",
        )
    elif row["status"] is None:
        await _answer(
            send,
            409,
            "idempotency_key_in_progress",
            "the first request with this Idempotency-Key is still being processed; retry",
        )
    else:
        headers = [
            (b"content-type", row["content_type"].encode()),
            (b"idempotent-replayed", b"true"),
        ]
        await send({"type": "http.response.start", "status": row["status"], "headers": headers})
        await send({"type": "http.response.body", "body": bytes(row["body"])})


async def _unavailable(send: Send) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send(
        {"type": "http.response.body", "body": json.dumps(database_unavailable_body()).encode()}
    )


async def _answer(send: Send, status: int, code: str, message: str) -> None:
    greek = "Το κλειδί επανάληψης (Idempotency-Key) δεν μπορεί να χρησιμοποιηθεί έτσι."
    body = json.dumps(error_body(code, message, greek)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
