"""What reading some partitions came to."""

from __future__ import annotations

from dataclasses import dataclass, field

Partition = tuple[str, int]
# One message seen: its offset, its event's id as a number, and the read models (groups)
# that keep it. (A number, not a UUID: a worker process hands its parent tens of thousands
# of them, and a UUID is pickled and unpickled through Python code, a number in C.)
Seen = tuple[int, int, tuple[str, ...]]


@dataclass
class Outcome:
    """What reading a share came to: counts, and per partition where it stopped and the
    messages it saw last (the inbox the live consumers carry on with)."""

    next_offsets: dict[Partition, int] = field(default_factory=dict)
    recent: dict[Partition, list[Seen]] = field(default_factory=dict)
    events: int = 0
    duplicates: int = 0
    unreadable: int = 0
    parked: int = 0
    # how long each step took (of several processes, the longest)
    seconds: dict[str, float] = field(default_factory=dict)

    def merge(self, other: Outcome) -> None:
        self.next_offsets.update(other.next_offsets)
        self.recent.update(other.recent)
        self.events += other.events
        self.duplicates += other.duplicates
        self.unreadable += other.unreadable
        self.parked += other.parked
        for step, seconds in other.seconds.items():
            self.seconds[step] = max(self.seconds.get(step, 0.0), seconds)
