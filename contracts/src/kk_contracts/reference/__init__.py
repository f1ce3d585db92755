"""Reference data every service shares: the 332 municipalities (δήμοι) by ELSTAT code."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "municipalities.csv"


@cache
def municipality_codes() -> frozenset[str]:
    """The ELSTAT codes of all municipalities."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        return frozenset(row["elstat_code"] for row in csv.DictReader(f))
