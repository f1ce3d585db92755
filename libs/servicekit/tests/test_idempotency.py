"""``Idempotency-Key`` on its own, against the real PostgreSQL: a small app behind the
middleware, whose one write counts how often it really ran."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from psycopg_pool import ConnectionPool
from servicekit.errors import install_error_handlers
from servicekit.idempotency import UNKNOWN, IdempotencyMiddleware, keyed_id

pytestmark = pytest.mark.integration


def _app(pool: ConnectionPool[Any]) -> tuple[FastAPI, list[str]]:
    """One write, answering with the status the request asks for; ``ran`` counts its runs."""
    app = FastAPI()
    app.state.service = SimpleNamespace(pool=pool)
    app.add_middleware(IdempotencyMiddleware)
    install_error_handlers(app, {})
    ran: list[str] = []

    @app.post("/things")
    async def make(request: Request) -> JSONResponse:
        body = await request.json()
        ran.append(body["name"])
        status = int(request.headers.get("x-answer", "201"))
        return JSONResponse({"name": body["name"], "run": len(ran)}, status_code=status)

    return app, ran


@pytest.fixture
async def client(
    pool: ConnectionPool[Any],
) -> AsyncIterator[tuple[httpx.AsyncClient, list[str]]]:
    app, ran = _app(pool)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http, ran


def _as(subject: str, key: str, **headers: str) -> dict[str, str]:
    token = jwt.encode({"sub": subject}, "k" * 32, algorithm="HS256")
    return {"Authorization": f"Bearer {token}", "Idempotency-Key": key, **headers}


async def test_a_retry_gets_the_first_answer_and_the_write_runs_once(client: Any) -> None:
    http, ran = client
    first = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0001"))
    again = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0001"))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert ran == ["a"]
    # the same key from someone else is their own
    other = await http.post("/things", json={"name": "a"}, headers=_as("nikos", "key-0001"))
    assert "Idempotent-Replayed" not in other.headers
    assert ran == ["a", "a"]


async def test_the_same_key_for_another_request_is_refused(client: Any) -> None:
    http, ran = client
    await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0002"))
    other = await http.post("/things", json={"name": "b"}, headers=_as("maria", "key-0002"))
    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"
    assert ran == ["a"]


async def test_a_refusal_is_forgotten_so_the_corrected_request_runs(client: Any) -> None:
    http, ran = client
    refused = await http.post(
        "/things", json={"name": "a"}, headers=_as("maria", "key-0003", **{"x-answer": "409"})
    )
    assert refused.status_code == 409
    again = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0003"))
    assert again.status_code == 201
    assert ran == ["a", "a"]


async def test_a_server_error_leaves_the_outcome_unknown_and_the_retry_runs(
    client: Any, pool: ConnectionPool[Any]
) -> None:
    http, ran = client
    failed = await http.post(
        "/things", json={"name": "a"}, headers=_as("maria", "key-0004", **{"x-answer": "503"})
    )
    assert failed.status_code == 503
    with pool.connection() as conn:
        row = conn.execute("SELECT status FROM idempotency_keys WHERE key = 'key-0004'").fetchone()
    assert row == {"status": UNKNOWN}
    retry = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0004"))
    assert retry.status_code == 201
    assert ran == ["a", "a"]
    kept = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0004"))
    assert kept.headers["Idempotent-Replayed"] == "true"
    assert ran == ["a", "a"]


async def test_a_claim_whose_request_never_settled_is_taken_over_later(
    client: Any, pool: ConnectionPool[Any]
) -> None:
    http, ran = client
    first = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0005"))
    assert first.status_code == 201
    # as a process that died mid-request leaves it: claimed, never settled
    with pool.connection() as conn:
        conn.execute(
            "UPDATE idempotency_keys SET status = NULL, body = NULL WHERE key = 'key-0005'"
        )
    busy = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0005"))
    assert busy.status_code == 409, "still in progress, as far as anyone can tell"
    with pool.connection() as conn:
        conn.execute(
            "UPDATE idempotency_keys SET created_at = now() - interval '1 minute' "
            "WHERE key = 'key-0005'"
        )
    taken = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0005"))
    assert taken.status_code == 201
    assert ran == ["a", "a"]


async def test_the_database_out_of_reach_is_503_with_retry_after() -> None:
    unreachable = ConnectionPool(
        "postgresql://nobody@127.0.0.1:1/none", min_size=0, max_size=1, timeout=1, open=True
    )
    app, ran = _app(unreachable)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        answer = await http.post("/things", json={"name": "a"}, headers=_as("maria", "key-0006"))
    unreachable.close()
    assert answer.status_code == 503
    assert answer.headers["Retry-After"].isdigit()
    assert answer.json()["error"] == "database_unavailable"
    assert answer.json()["message_el"]
    assert ran == []


def test_a_keyed_id_follows_from_the_caller_and_the_key() -> None:
    def request(subject: str, key: str) -> Request:
        headers = [(k.lower().encode(), v.encode()) for k, v in _as(subject, key).items()]
        return Request({"type": "http", "headers": headers})

    same = keyed_id(request("maria", "key-0007"))
    assert same is not None
    assert same == keyed_id(request("maria", "key-0007"))
    assert same != keyed_id(request("nikos", "key-0007"))
    assert same != keyed_id(request("maria", "key-0008"))
    assert keyed_id(request("maria", "bad key!")) is None
