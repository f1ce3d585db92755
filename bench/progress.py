from __future__ import annotations

import sys


def bar(label: str, done: int, total: int, width: int = 30) -> None:
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\r{label} [{'█' * filled}{'·' * (width - filled)}] {done:,}/{total:,}",
        end=end,
        file=sys.stderr,
        flush=True,
    )
