"""``python -m kk_registry.worker``: the registry's relay and consumers as their own process."""

from __future__ import annotations

from servicekit.worker import run_standalone

from kk_registry.bootstrap import bootstrap

if __name__ == "__main__":
    service = bootstrap()
    run_standalone(service)
