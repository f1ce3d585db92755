"""Reporting's adapters: its read models and their SQL, the reads the application makes of
them, and the rebuild that makes them afresh from the topics."""

from __future__ import annotations

from pathlib import Path

from servicekit import migrations

from kk_reporting.adapters.monthly import MonthlyFacts
from kk_reporting.adapters.projections import ActivityProjection

# The tables reporting keeps, made by these migrations (a rebuild's schema too).
MIGRATIONS = [
    migrations.TRACKING,
    migrations.IDEMPOTENCY,
    Path(__file__).parent.parent / "migrations",
]


def read_models() -> list[ActivityProjection | MonthlyFacts]:
    """Reporting's read models, fed by tracked consumers and rebuilt together."""
    return [ActivityProjection(), MonthlyFacts()]
