"""The story one shard tells: its generator, the working days, and the events of its people's
lives encoded as the outbox relay would send them, filed by the month of their time.

The centres' opening (``centres``), a person's file (``people``), their referrals
(``referrals``) and programmes (``programmes``) are told by functions that take the story and
draw from its generator, in the order they are called: that order is what makes a seed
always give the same messages."""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections import Counter
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from kk_contracts import Envelope, IntegrationEvent, Topic, encode_message

from bench.national.codes import SOURCES
from bench.national.timeline import CLOSES, DAY, OPENS, UNIX_EPOCH, key_of

if TYPE_CHECKING:
    import random
    from collections.abc import Callable

    from kk_contracts.envelope import KafkaMessage

    from bench.national.centres import Centre
    from bench.national.distributions import Weighted
    from bench.national.timeline import WorkingDays

Filed = tuple[int, int, "KafkaMessage"]  # (moment, sequence, message)


class Story:
    """Turns people's lives into encoded messages, filed by month (of their time) to be
    sorted and sent when that month's turn comes."""

    def __init__(
        self,
        rng: random.Random,
        days: WorkingDays,
        months: list[tuple[int, int]],
        now: datetime,
        centres: list[Centre],
    ) -> None:
        self.rng = rng
        self.days = days
        self.month_index = {m: i for i, m in enumerate(months)}
        self.buckets: list[list[Filed]] = [[] for _ in months]
        self.now_key = key_of(now)
        self.seq = 0
        self.types: Counter[str] = Counter()
        self.by_region: dict[str, list[Centre]] = {}
        for c in centres:
            self.by_region.setdefault(c.municipality.region_code, []).append(c)
        self.centres = centres

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def pick(self, table: Weighted) -> Any:
        items, cumulative = table
        return items[bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def at(self, ordinal: int, after: int = 0) -> int:
        """A moment in working hours of the day, no earlier than ``after``."""
        return max(ordinal * DAY + self.rng.randint(OPENS, CLOSES), after + 1)

    def emit(self, key: int, build: Callable[[], IntegrationEvent]) -> bool:
        """Files the event built by ``build`` at the moment ``key``; nothing in the future."""
        if key > self.now_key:
            return False
        day = date.fromordinal(key // DAY)
        # what happened before the first month (the centres' opening) goes out first
        index = self.month_index.get((day.year, day.month), 0)
        event = build()
        when = datetime.fromtimestamp(key - UNIX_EPOCH, UTC)
        topic = event.topic.value
        correlation = f"{self.rng.getrandbits(128):032x}" if topic != Topic.CENTRES else None
        envelope = Envelope(
            id=self.new_id(),
            source=SOURCES[topic],
            time=when,
            data=event,
            correlation_id=correlation,
        )
        self.seq += 1
        self.buckets[index].append((key, self.seq, encode_message(envelope)))
        self.types[event.event_type] += 1
        return True

    def drain(self, index: int) -> list[Filed]:
        """The month's messages in the order of their time, taken out of the story."""
        bucket, self.buckets[index] = self.buckets[index], []
        bucket.sort()  # by time, then as generated: (time, seq) never ties
        return bucket
