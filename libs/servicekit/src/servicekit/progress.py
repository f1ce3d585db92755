"""A progress bar on standard error for long commands (seeding, imports, benchmarks)."""

from __future__ import annotations

import sys
import time


def bar(label: str, done: int, total: int, width: int = 30) -> None:
    """Redraws ``label [████····] done/total``; the line ends when ``done`` reaches ``total``."""
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\r{label} [{'█' * filled}{'·' * (width - filled)}] {done:,}/{total:,}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


class Throttled:
    """Calls ``bar`` at most every ``every`` seconds (and always at the end), so a fast loop
    spends its time on the work, not on redrawing."""

    def __init__(self, label: str, total: int, every: float = 0.1) -> None:
        self.label, self.total, self.every = label, total, every
        self.last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done >= self.total or now - self.last >= self.every:
            self.last = now
            bar(self.label, done, self.total)
