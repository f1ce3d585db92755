"""``make run``: the whole platform on this machine, until Ctrl-C.

Starts Kafka (unless ``KAFKA_BOOTSTRAP_SERVERS`` names one) and PostgreSQL (unless
``DATABASE_URL`` does), the four services, seeds the registry, and prints where everything
is. Data stay in ``.state/``: running it again resumes with the same data.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import partial

from devstack.paths import STATE_DIR
from devstack.processes import OBSERVATORY, SERVICES, WORKSPACE
from devstack.realm import DEV_USERS
from devstack.stack import Stack


def _step(message: str) -> None:
    print(f"▸ {message}", flush=True)


def main() -> int:
    stack = Stack(
        STATE_DIR,
        external_database_url=os.environ.get("DATABASE_URL"),
        external_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
        external_issuer=os.environ.get("OIDC_ISSUER"),
    )
    stopping = threading.Event()
    # Both set explicitly: a job started in the background inherits SIGINT ignored.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    started = time.monotonic()
    steps: list[tuple[str, Callable[[], object]]] = [
        ("Υποδομή / infrastructure: PostgreSQL and Apache Kafka", stack.start_infrastructure),
        *[(f"{s.title}: starting on port {s.port}", partial(stack.start_api, s)) for s in SERVICES],
        ("Μητρώα / registry: seeding reference data", partial(_seed, stack)),
        (
            f"{OBSERVATORY.title}: starting on port {OBSERVATORY.port}",
            partial(stack.start_api, OBSERVATORY),
        ),
        (f"{WORKSPACE.title}: starting on port {WORKSPACE.port}", partial(_workspace, stack)),
    ]
    try:
        for message, step in steps:
            if stopping.is_set():
                return 0
            _step(message)
            step()
        _write_run_env(stack)
        _print_summary(stack, time.monotonic() - started)
        while not stopping.wait(1.0):
            for process in stack.processes:
                if not process.alive:
                    print(f"✗ {process.name} stopped; see {process.log_file}", file=sys.stderr)
                    return 1
        return 0
    finally:
        _step("Τερματισμός / stopping…")
        RUN_ENV.unlink(missing_ok=True)
        stack.stop()


RUN_ENV = STATE_DIR / "run.env"


def _write_run_env(stack: Stack) -> None:
    """Where the running platform's Kafka and PostgreSQL are, for commands run beside it
    (``make import``; ``make rebuild``, which reads Kafka as reporting); removed when the
    platform stops."""
    kafka = stack.kafka_security("reporting").env()
    RUN_ENV.touch(mode=0o600)  # it holds reporting's Kafka password
    RUN_ENV.write_text(
        f"export DATABASE_URL='{stack.database_url}'\n"
        f"export KAFKA_BOOTSTRAP_SERVERS='{stack.bootstrap_servers}'\n"
        f"export OIDC_ISSUER='{stack.issuer}'\n"
        + "".join(f"export {name}='{value}'\n" for name, value in kafka.items())
    )


def _seed(stack: Stack) -> None:
    stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.entrypoints.seed"])
    print((STATE_DIR / "logs" / "registry-seed.log").read_text().strip().splitlines()[-1])


def _workspace(stack: Stack) -> None:
    urls = {f"{s.name.upper()}_URL": f"http://127.0.0.1:{s.port}" for s in SERVICES}
    stack.start_api(WORKSPACE, port=WORKSPACE.port, **urls)


def _print_summary(stack: Stack, seconds: float) -> None:
    print(f"\n✓ Η πλατφόρμα λειτουργεί / the platform is up ({seconds:.0f}s)\n")
    print(f"  {WORKSPACE.title:<24} http://127.0.0.1:{WORKSPACE.port}/   ← start here")
    if stack.identity:
        users = ", ".join(user.username for user in DEV_USERS)
        print(f"  {'Σύνδεση / sign in':<24} {users}")
        print(f"  {'':<24} password: {stack.secrets['KK_DEV_USERS_PASSWORD']}")
        print(
            f"  {'Keycloak':<24} {stack.identity.url}/admin/ (kk-bootstrap-admin, password in "
            f"{STATE_DIR / 'secrets.env'})"
        )
    print()
    for spec in SERVICES:
        url = f"http://127.0.0.1:{spec.port}"
        print(f"  {spec.title:<24} {url}/docs   (metrics: {url}/metrics)")
    url = f"http://127.0.0.1:{OBSERVATORY.port}"
    print(f"  {'Παρατηρητήρια / streams':<24} {url}/streams   (metrics: {url}/metrics)")
    print("\n  Open data:   http://127.0.0.1:8001/open-data/centres.csv (no token)")
    print(f"  Kafka:       {stack.bootstrap_servers}")
    print(f"  PostgreSQL:  {stack.database_url}")
    print(f"  Logs:        {STATE_DIR / 'logs'}")
    print("\n  A token:  make token ROLE=social_worker CENTRE=KK-6101")
    print("  Import:   make import FILE=legacy.csv CENTRE=KK-6101 BY=your.name")
    print("  Stop:     Ctrl-C\n")


if __name__ == "__main__":
    sys.exit(main())
