"""``python -m kk_reporting.worker``: reporting's consumers as their own process."""

from __future__ import annotations

from servicekit.worker import run_standalone

from kk_reporting.bootstrap import bootstrap

if __name__ == "__main__":
    service = bootstrap()
    run_standalone(service)
