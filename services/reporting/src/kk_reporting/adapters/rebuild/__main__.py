"""``make rebuild``: reporting's indicators rebuilt from the topics beside the running
platform, with a progress bar (the dashboards keep answering meanwhile)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from servicekit.logs import configure as configure_logging
from servicekit.progress import Throttled

from kk_reporting.adapters.rebuild import Rebuild, RebuildRunningError
from kk_reporting.config import Settings


def main(argv: list[str] | None = None) -> int:
    """``make rebuild``: rebuilds beside the running platform, with a progress bar."""
    argparse.ArgumentParser(
        prog="python -m kk_reporting.adapters.rebuild",
        description="Ανακατασκευή των δεικτών από τα topics / Rebuild the indicators from "
        "the topics (the dashboards keep answering meanwhile)",
    ).parse_args(argv)
    configure_logging("reporting-rebuild", "WARNING")
    rebuild = Rebuild.of(Settings())
    try:
        rebuild.claim()
    except RebuildRunningError as running:
        run = running.run or {}
        print(
            "τρέχει ήδη ανακατασκευή / a rebuild is already running: "
            f"started {run.get('started_at')}, {run.get('done', 0):,} of "
            f"{run.get('total', 0):,} messages",
            file=sys.stderr,
        )
        return 2
    bar = Throttled("ανακατασκευή / rebuild", 1)

    def progress(done: int, total: int) -> None:
        bar.total = max(total, 1)
        bar(done)

    report = asyncio.run(rebuild.run(progress))
    print(
        f"✓ {report.events:,} events in {report.seconds:.1f} s "
        f"({report.events_per_s:,.0f}/s); duplicates skipped {report.duplicates:,}, "
        f"unreadable skipped {report.unreadable:,}, parked {report.parked:,}; "
        f"{report.processes} process(es)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
