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

    def summary(self, **settings: object) -> dict[str, object]:
        """What the bench's results keep of the run, with the ``settings`` it was made with."""
        return {
            **settings,
            "first_month": self.first_month,
            "last_month": self.last_month,
            "centres": self.centres,
            "beneficiaries": self.beneficiaries,
            "events": self.events,
            "events_per_topic": self.per_topic,
            "events_per_type": self.per_type,
            "value_bytes": self.bytes,
            "seconds": self.seconds,
            "events_per_s": self.events_per_s,
            "processes": self.processes,
        }


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
