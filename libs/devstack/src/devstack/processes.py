"""The services as operating-system processes, each logging to a file of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def stop_group(process: subprocess.Popen[bytes] | None, *, grace: float) -> None:
    """SIGTERM to the process and its children, SIGKILL after ``grace`` seconds."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    package: str
    port: int
    produces: bool
    title: str
    app_module: str = "entrypoints.api.app"

    def api_command(self, port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            f"{self.package}.{self.app_module}:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--timeout-graceful-shutdown",
            "10",
        ]

    def worker_command(self) -> list[str]:
        return [sys.executable, "-m", f"{self.package}.worker"]


SERVICES = (
    ServiceSpec("registry", "kk_registry", 8001, True, "Μητρώα / Registry"),
    ServiceSpec("intake", "kk_intake", 8002, True, "Υποδοχή / Intake"),
    ServiceSpec("referral", "kk_referral", 8003, True, "Παραπομπές / Referral"),
    ServiceSpec("reporting", "kk_reporting", 8004, False, "Αναφορές / Reporting"),
)
WORKSPACE = ServiceSpec(
    "workspace", "kk_workspace", 8000, False, "Χώρος εργασίας / Workspace", "entrypoints.web.app"
)
"""The staff's web front: no domain, no tables, no Kafka; it calls the four services."""
OBSERVATORY = ServiceSpec(
    "observatory", "kk_observatory", 8005, False, "Παρατηρητήρια / Observatories"
)
"""The regions' streams: no tables; it reads the platform's topics and writes the regions'."""


@dataclass
class ManagedProcess:
    name: str
    command: list[str]
    env: dict[str, str]
    log_file: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> ManagedProcess:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a crash or an OOM kill."""
        if self.alive:
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, grace: float = 15.0) -> None:
        if not self.alive:
            return
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_file.read_text(errors="replace")[-chars:] if self.log_file.exists() else ""


def wait_ready(process: ManagedProcess, url: str, *, timeout: float = 60.0) -> None:
    """Waits until ``url``/health/ready answers 200; fails with the process's log if it died."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not process.alive:
            raise RuntimeError(f"{process.name} exited at start:\n{process.log_tail()}")
        try:
            response = httpx.get(f"{url}/health/ready", timeout=5)
            if response.status_code == 200:
                return
            last = response.text
        except httpx.HTTPError as exc:
            last = str(exc)
        time.sleep(0.3)
    raise RuntimeError(
        f"{process.name} not ready after {timeout:.0f}s ({last}):\n{process.log_tail()}"
    )
