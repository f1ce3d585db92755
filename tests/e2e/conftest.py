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
from devstack.processes import SERVICES, ManagedProcess
from devstack.stack import Stack
from servicekit.auth import Role

from tests.support import eventually, token

SPECS = {spec.name: spec for spec in SERVICES}
WORKER_ENV = {"RELAY_BATCH_SIZE": "25", "OVERDUE_CHECK_SECONDS": "1"}
API_ENV = {"DEADLINE_CHECK_SECONDS": "1"}
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
        all it stored and reporting's consumer has no lag (twice in a row, since the lag is
        measured at each fetch). Tests that compare counts before and after read the
        "before" only then, so other tests' writes still in flight cannot leak in."""

        def quiet() -> bool:
            with psycopg.connect(self.stack.database_url) as conn:
                row = conn.execute(
                    "SELECT (SELECT coalesce(max(notification_id), 0) "
                    "        FROM intake.intakeapplication_events) - "
                    "       (SELECT coalesce(max(notification_id), 0) "
                    "        FROM intake.outbox_relay_position)"
                ).fetchone()
            metrics = httpx.get(self.urls["reporting"] + "/metrics", timeout=5).text
            lags = [
                float(line.rsplit(" ", 1)[1])
                for line in metrics.splitlines()
                if line.startswith("kk_consumer_lag_messages{")
            ]
            return row is not None and row[0] == 0 and all(lag == 0 for lag in lags)

        eventually(lambda: quiet() and (time.sleep(0.3) or quiet()), timeout=60)

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
    stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.seed"])
    running = Platform(stack, urls, worker, apis)
    admin = running.headers(Role.ADMIN)

    def catalogue(path: str) -> list[dict[str, Any]]:
        rows = httpx.get(urls["registry"] + path, headers=admin).json()
        return rows if len(rows) > 0 else []

    # Five services starting at once on two cores, each joining its consumer groups: the
    # seed reaches every replica within seconds, but a loaded machine may take a minute.
    bodies = eventually(lambda: catalogue("/bodies"), timeout=STARTING_S)
    programmes = eventually(lambda: catalogue("/programmes"), timeout=STARTING_S)
    running.ids["bodies"] = {b["code"]: b for b in bodies}
    running.ids["programmes"] = {p["code"]: p for p in programmes}
    centres = len(eventually(lambda: catalogue("/centres"), timeout=STARTING_S))
    replicas = {
        "intake.centre_replica": centres,
        "referral.body_replica": len(running.ids["bodies"]),
        "referral.programme_replica": len(running.ids["programmes"]),
        "reporting.centre_dim": centres,
    }
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        for table, expected in replicas.items():
            eventually(lambda t=table, n=expected: _rows(conn, t) == n, timeout=STARTING_S)
    return running


def _rows(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
