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

from devstack.paths import STATE_DIR
from devstack.processes import SERVICES
from devstack.stack import Stack


def _step(message: str) -> None:
    print(f"▸ {message}", flush=True)


def main() -> int:
    stack = Stack(
        STATE_DIR,
        external_database_url=os.environ.get("DATABASE_URL"),
        external_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        started = time.monotonic()
        _step("Υποδομή / infrastructure: PostgreSQL and Apache Kafka")
        stack.start_infrastructure()
        for spec in SERVICES:
            _step(f"{spec.title}: starting on port {spec.port}")
            stack.start_api(spec)
        _step("Μητρώα / registry: seeding reference data")
        stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.seed"])
        print((STATE_DIR / "logs" / "registry-seed.log").read_text().strip().splitlines()[-1])
        _print_summary(stack, time.monotonic() - started)
        while not stopping.wait(1.0):
            for process in stack.processes:
                if not process.alive:
                    print(f"✗ {process.name} stopped; see {process.log_file}", file=sys.stderr)
                    return 1
    except KeyboardInterrupt:
        pass
    finally:
        _step("Τερματισμός / stopping…")
        stack.stop()
    return 0


def _print_summary(stack: Stack, seconds: float) -> None:
    print(f"\n✓ Η πλατφόρμα λειτουργεί / the platform is up ({seconds:.0f}s)\n")
    for spec in SERVICES:
        url = f"http://127.0.0.1:{spec.port}"
        print(f"  {spec.title:<24} {url}/docs   (metrics: {url}/metrics)")
    print(f"\n  Kafka:       {stack.bootstrap_servers}")
    print(f"  PostgreSQL:  {stack.database_url}")
    print(f"  Logs:        {STATE_DIR / 'logs'}")
    print("\n  A token:  make token ROLE=social_worker CENTRE=KK-6101")
    print("  Stop:     Ctrl-C\n")


if __name__ == "__main__":
    sys.exit(main())
