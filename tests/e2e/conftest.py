"""The four services running as real processes on the session's Kafka and PostgreSQL.

Intake runs its API and its worker (outbox relay + consumer) as separate processes, so the
crash test can SIGKILL the relay while the API keeps taking writes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
import pytest
from devstack.kafka import free_port
from devstack.processes import SERVICES, WORKSPACE, ManagedProcess
from devstack.stack import Stack
from psycopg import sql
from servicekit.auth import Role

from tests.support import eventually, token

SPECS = {spec.name: spec for spec in SERVICES}
WORKER_ENV = {"RELAY_BATCH_SIZE": "25", "OVERDUE_CHECK_SECONDS": "1"}
# The workspace's port is chosen first: referral writes it into the bodies' page links.
WORKSPACE_PORT = free_port()
API_ENV = {
    "DEADLINE_CHECK_SECONDS": "1",
    "BODY_PAGE_URL": f"http://127.0.0.1:{WORKSPACE_PORT}/answer",
    "WORKSPACE_URL": f"http://127.0.0.1:{WORKSPACE_PORT}",
}
# How long the platform may take to start and fill its replicas from the seed.
STARTING_S = 90.0


@dataclass
class Platform:
    stack: Stack
    urls: dict[str, str]
    intake_worker: ManagedProcess
    apis: dict[str, ManagedProcess] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def headers(self, role: Role, **scope: str) -> dict[str, str]:
        return token(self.stack.secrets["JWT_SECRET"], role, **scope)

    def get(
        self, service: str, path: str, role: Role = Role.MINISTRY_ANALYST, **scope: str
    ) -> httpx.Response:
        return httpx.get(self.urls[service] + path, headers=self.headers(role, **scope), timeout=10)

    def post(self, service: str, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
        return httpx.post(self.urls[service] + path, json=body, headers=headers, timeout=10)

    def put(self, service: str, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
        return httpx.put(self.urls[service] + path, json=body, headers=headers, timeout=10)

    def settle(self) -> None:
        """Waits until everything written so far is counted: intake's relay has published
        all it stored and reporting's consumer has no lag. Tests that compare counts before
        and after read the "before" only then, so other tests' writes still in flight cannot
        leak in."""
        self.drain(relayed="intake", consumed="reporting", timeout=60)

    def drain(self, *, relayed: str, consumed: str, timeout: float) -> None:
        """Waits until the ``relayed`` service's relay has published every event it stored
        and every consumer group of the ``consumed`` service has no lag, twice in a row
        (the lag is measured at each fetch)."""

        def quiet() -> bool:
            with psycopg.connect(self.stack.database_url) as conn:
                unsent = _unrelayed(conn, relayed)
            metrics = httpx.get(self.urls[consumed] + "/metrics", timeout=5).text
            lags = [
                float(line.rsplit(" ", 1)[1])
                for line in metrics.splitlines()
                if line.startswith("kk_consumer_lag_messages{")
            ]
            return unsent == 0 and len(lags) > 0 and all(lag == 0 for lag in lags)

        eventually(lambda: quiet() and (time.sleep(0.3) or quiet()), timeout=timeout)

    def national(self) -> dict[str, int]:
        response = self.get("reporting", "/indicators/national")
        assert response.status_code == 200, response.text
        counts: dict[str, int] = response.json()["counts"]
        return counts

    def restart_api(self, name: str, **env: str) -> None:
        """Starts a killed service again on its port, as a supervisor would."""
        port = int(self.urls[name].rsplit(":", 1)[1])
        self.apis[name], _ = self.stack.start_api(SPECS[name], port=port, **API_ENV, **env)

    def start_intake_worker(self) -> ManagedProcess:
        self.intake_worker = self.stack.start_worker(SPECS["intake"], **WORKER_ENV)
        return self.intake_worker


@pytest.fixture(scope="session")
def platform(stack: Stack) -> Iterator[Platform]:
    urls: dict[str, str] = {}
    apis: dict[str, ManagedProcess] = {}
    for name in ("registry", "reporting", "referral"):
        apis[name], urls[name] = stack.start_api(SPECS[name], port=free_port(), **API_ENV)
    apis["intake"], urls["intake"] = stack.start_api(
        SPECS["intake"], port=free_port(), worker_mode="off"
    )
    worker = stack.start_worker(SPECS["intake"], **WORKER_ENV)
    stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.entrypoints.seed"])
    running = Platform(stack, urls, worker, apis)
    admin = running.headers(Role.ADMIN)

    def catalogue(path: str) -> list[dict[str, Any]]:
        response = httpx.get(urls["registry"] + path, headers=admin, timeout=10)
        assert response.status_code == 200, response.text
        rows: list[dict[str, Any]] = response.json()
        return rows

    # The registry's catalogue is itself a replica of its topics: it is read only once the
    # registry has published the whole seed and applied it, so the counts every other
    # replica must reach are the seed's, not those of a catalogue still filling. Five
    # services start at once on two cores, each joining its consumer groups: the seed
    # reaches every replica within seconds, but a loaded machine may take a minute.
    running.drain(relayed="registry", consumed="registry", timeout=STARTING_S)
    running.ids["bodies"] = {b["code"]: b for b in catalogue("/bodies")}
    running.ids["programmes"] = {p["code"]: p for p in catalogue("/programmes")}
    centres = len(catalogue("/centres"))
    assert centres > 0, "the seed registered no centres"
    assert running.ids["bodies"], "the seed registered no bodies"
    assert running.ids["programmes"], "the seed registered no programmes"
    replicas = {
        "intake.centre_replica": centres,
        "referral.body_replica": len(running.ids["bodies"]),
        "referral.programme_replica": len(running.ids["programmes"]),
        "reporting.centre_dim": centres,
    }
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        for table, expected in replicas.items():
            try:
                eventually(lambda t=table, n=expected: _rows(conn, t) == n, timeout=STARTING_S)
            except AssertionError:
                raise AssertionError(
                    f"{table} holds {_rows(conn, table)} rows, not the {expected} seeded"
                ) from None
    return running


@pytest.fixture(scope="session")
def workspace(platform: Platform) -> str:
    """The staff workspace on a port of its own, calling the session's services."""
    urls = {f"{name.upper()}_URL": url for name, url in platform.urls.items()}
    _, url = platform.stack.start_api(WORKSPACE, port=WORKSPACE_PORT, **urls)
    return url


def _unrelayed(conn: psycopg.Connection[Any], service: str) -> int:
    """Events the service stored that its relay has not yet published."""
    tables = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE '%%\\_events'",
        (service,),
    ).fetchall()
    assert len(tables) == 1, f"{service} should have one event table, not {tables}"
    row = conn.execute(
        sql.SQL(
            "SELECT (SELECT coalesce(max(notification_id), 0) FROM {}) - "
            "(SELECT coalesce(max(notification_id), 0) FROM {})"
        ).format(
            sql.Identifier(service, tables[0][0]),
            sql.Identifier(service, "outbox_relay_position"),
        )
    ).fetchone()
    return int(row[0]) if row else 0


def _rows(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
