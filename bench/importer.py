"""Bulk import throughput: legacy files of new people, from CSV to committed events."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from kk_intake.importer import Importer
from servicekit.progress import bar

from tests.support import IMPORT_HEADER, legacy_rows


def import_rates(settings: Settings, *, centre: str, rows: int, runs: int) -> dict[str, object]:
    """Imports ``runs`` files of ``rows`` new people each; events/s of each run, from
    reading the file to the commit (checks, sealing and COPY included)."""
    rng = random.Random(11)
    service = bootstrap(settings)
    rates, seconds = [], []
    try:
        importer = Importer(service.app, progress=bar)
        with tempfile.TemporaryDirectory() as folder:
            for run in range(runs):
                path = Path(folder) / f"legacy-{run}.csv"
                lines = [IMPORT_HEADER, *legacy_rows(rows, centre.removeprefix("KK-"), rng)]
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                started = time.perf_counter()
                report = importer.run(path, centre_id=centre, imported_by="bench")
                elapsed = time.perf_counter() - started
                if not report.ok or report.imported != rows:
                    raise RuntimeError(f"import run {run} failed: {report.errors[:3]}")
                seconds.append(elapsed)
                rates.append(report.events / elapsed)
    finally:
        service.close()
    return {
        "rows_per_run": rows,
        "events_per_run": rows * 4,
        "runs_seconds": seconds,
        "runs_events_per_s": rates,
        "events_per_s": statistics.median(rates),
    }
