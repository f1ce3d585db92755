"""The shards: the centres dealt into ``SHARDS`` groups, each told by a story of its own. A
process tells some of them together, month by month: all of them the same month, whose
messages it sends before it tells the next."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bench.national.centres import Centre, open_centre, real_centres, registrations
from bench.national.people import life
from bench.national.story import Story
from bench.national.timeline import WorkingDays, month_span

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bench.national.story import Filed

SHARDS = 4
"""The centres are dealt into this many shards, each with a generator of its own seeded from
the seed and the shard: what is produced depends on the seed only, whichever number of
processes shares the shards."""


@dataclass(frozen=True)
class Params:
    """What a run was asked for, as each process of the generator is handed it."""

    bootstrap_servers: str
    seed: int
    centres: int
    years: int
    per_centre_year: float
    now: datetime


@dataclass(frozen=True)
class _Shard:
    centres: list[Centre]
    plan: list[list[list[int]]]  # for each month, for each centre, the days of registrations
    story: Story


class Shards:
    """Some of the shards, told together by one process, month by month."""

    def __init__(self, params: Params, numbers: list[int]) -> None:
        now = params.now
        chosen = real_centres(params.centres)
        self.months = month_span(params.years, now.date())
        self.first_day = date(*self.months[0], 1)
        # far enough ahead for every story begun today (what lies after now is dropped)
        days = WorkingDays(self.first_day - timedelta(days=10), now.date() + timedelta(days=4000))
        today = now.date().toordinal()
        self.shards: list[_Shard] = []
        for shard in numbers:
            rng = random.Random(f"{params.seed}:{shard}")
            mine = chosen[shard::SHARDS]
            plan = registrations(rng, mine, self.months, days, today, params.per_centre_year)
            self.shards.append(_Shard(mine, plan, Story(rng, days, self.months, now, chosen)))

    @property
    def people(self) -> int:
        """How many people register at the shards' centres, all months together."""
        return sum(len(d) for s in self.shards for month in s.plan for d in month)

    @property
    def types(self) -> Counter[str]:
        """How many events of each type the shards' stories have told."""
        return sum((s.story.types for s in self.shards), Counter())

    def open_centres(self) -> None:
        opened = self.first_day.toordinal() - 7  # the centres were there the week before
        for s in self.shards:
            for c in s.centres:
                open_centre(s.story, c, s.story.at(opened - s.story.rng.randint(0, 30)))

    def tell(self, index: int) -> int:
        """The lives of the people who register in month ``index``; how many they are."""
        done = 0
        for s in self.shards:
            for c, registered in zip(s.centres, s.plan[index], strict=True):
                for day in registered:
                    life(s.story, c, day)
                done += len(registered)
        return done

    def drain(self, index: int) -> Iterator[list[Filed]]:
        """Month ``index``'s messages, shard after shard, each shard's in order of time."""
        for s in self.shards:
            yield s.story.drain(index)
