"""What a run of the generator produced, and how fast, as ``make bench`` records it and as
it is reported on the terminal."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


@dataclass
class Generated:
    """What one run produced."""

    centres: list[str]
    beneficiaries: int
    first_month: str
    last_month: str
    per_topic: dict[str, int] = field(default_factory=dict)
    per_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    processes: int = 1

    @property
    def events(self) -> int:
        return sum(self.per_topic.values())

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def report(g: Generated) -> None:
    print(
        f"  {g.events:,} events ({g.bytes / 1024 / 1024:,.0f} MB of values) for "
        f"{g.beneficiaries:,} people at {len(g.centres)} centres, {g.first_month} to "
        f"{g.last_month}, in {g.seconds:.1f} s: {g.events_per_s:,.0f} events/s produced"
        f" ({g.processes} processes)",
        file=sys.stderr,
    )
    for topic, n in g.per_topic.items():
        print(f"    {topic:<30} {n:>11,}", file=sys.stderr)
