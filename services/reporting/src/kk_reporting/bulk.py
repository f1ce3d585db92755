"""A rebuild's share of the monthly read model: its events gathered whole in memory, then
shared out by place between the rebuild's processes, so that each writes rows no other
writes, once, by COPY, into tables that get their keys only afterwards.

Gathering a share whole is sound because a rebuild starts from empty tables and every event
of one request or referral lies in one partition, so in one share: an item's last state is
known in memory, and a referral's days taken are counted from its dates as they come (a
later completion taking back the count of the one before). Counts are sums, so the shares'
counts of one centre add up wherever they were read.
"""

from __future__ import annotations

import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

import psycopg
from kk_contracts import Envelope, IntegrationEvent
from kk_contracts.events.intake import (
    BeneficiaryInformed,
    BeneficiaryTransferred,
    RequestOverdue,
    RequestStatusChanged,
)
from kk_contracts.events.referral import (
    ReferralAccepted,
    ReferralCompleted,
    ReferralOverdue,
    ReferralSent,
    ReferralWithdrawn,
)
from kk_contracts.reference import populations
from psycopg.types.json import Json
from pydantic_core import to_json

from kk_reporting.facts import DAYS, Fact, count, days_fact
from kk_reporting.geography import places_of, unit_regions
from kk_reporting.places import SUMMARISED, summary
from kk_reporting.tally import CLOSED_REQUEST, IdNumberDumper, copy_rows

# A place's sums by its code, each a count by (month, indicator, dimension).
PlaceSums = dict[str, dict[tuple[date, str, str], int]]
# per place-month (level, code, month): the counts (indicator, dimension, n) of its summary
Summarised = defaultdict[tuple[str, str, date], list[tuple[str, str, int]]]
_SUMMARISED = frozenset(SUMMARISED)
# The tables a share's rows go into, each with its columns' binary types.
COLUMNS: dict[str, list[str]] = {
    "monthly_facts": ["text", "date", "text", "text", "int8"],
    "place_facts": ["text", "text", "date", "text", "text", "int8"],
    "place_months": ["text", "text", "date", "json", "json"],
    "referral_days": ["uuid", "text", "date", "date", "date"],
    "open_overdue": ["text", "uuid", "text", "date"],
    "overdue_counts": ["text", "text", "int8"],
    "centre_seen": ["text", "timestamptz"],
}


def owners(parts: int) -> dict[str, int]:
    """Which process writes the rows of each region: the regions by population, each to the
    one with the fewest inhabitants so far (the nation's sums go to the first)."""
    population: Counter[str] = Counter()
    regions = unit_regions()
    for code, people in populations().items():
        population[regions[code[:2]]] += people
    load = [0] * parts
    out = {}
    for region, people in population.most_common():
        part = load.index(min(load))
        out[region] = part
        load[part] += people
    return out


class MonthlyBulk:
    """Part ``part`` of ``parts``: what one process read, then what it writes."""

    def __init__(self, part: int = 0, parts: int = 1) -> None:
        self.part = part
        self.owner = owners(parts)
        # What this process counts, each centre's apart, kept by the process that writes
        # it (that of the centre's region) as it is counted: sharing it out takes no pass
        # over every count, and each centre's rows are written together.
        self.read: list[dict[str, Counter[Fact]]] = [{} for _ in range(parts)]
        self.counts = self.read[part]
        self._counts_of: dict[str, Counter[Fact]] = {}
        self.seen: dict[str, datetime] = {}
        self.items = _Items(self.counts_of)
        self.overdue: Counter[tuple[str, str]] = Counter()
        self.national: Counter[tuple[date, str, str]] = Counter()
        self._places: dict[str, PlaceSums] = {}
        self._summarised: Summarised = defaultdict(list)

    def add(self, envelope: Envelope[IntegrationEvent]) -> None:
        e = envelope.data
        if type(e) is BeneficiaryTransferred:  # counted at two centres, maybe two writers'
            counts: Counter[Fact] = Counter()
            count(counts, self.seen, envelope)
            for fact, n in counts.items():
                self.counts_of(fact[0])[fact] += n
        else:  # every other event kept here is of one centre
            count(self.counts_of(e.centre_id), self.seen, envelope)  # type: ignore[attr-defined]
        self.items.add(e)

    def counts_of(self, centre: str) -> Counter[Fact]:
        """A centre's counts, among those of the process that writes its rows."""
        counts = self._counts_of.get(centre)
        if counts is None:
            counts = self._counts_of[centre] = Counter()
            self.read[self._owner(centre)][centre] = counts
        return counts

    def shares(self) -> dict[int, bytes]:
        """Once every event is in: what belongs to the other processes, pickled for each,
        and no longer here."""
        parts = range(len(self.read))
        seen: list[dict[str, datetime]] = [{} for _ in parts]
        for centre, at in self.seen.items():
            seen[self._owner(centre)][centre] = at
        overdue: list[Counter[tuple[str, str]]] = [Counter() for _ in parts]
        for (kind, _), (centre, _) in self.items.open.items():
            overdue[self._owner(centre)][(centre, kind)] += 1
        out = {p: (self.read[p], seen[p], overdue[p]) for p in parts if p != self.part}
        self.seen, self.overdue = seen[self.part], overdue[self.part]
        self.read, self._counts_of = [self.counts], {}
        return {part: pickle.dumps(share, pickle.HIGHEST_PROTOCOL) for part, share in out.items()}

    def merge(self, share: bytes) -> None:
        """Takes in what another process read of this one's places."""
        centres, seen, overdue = pickle.loads(share)
        for centre, counts in centres.items():
            mine = self.counts.get(centre)
            if mine is None:
                self.counts[centre] = counts
            else:
                mine.update(counts)
        for centre, at in seen.items():
            if centre not in self.seen or self.seen[centre] < at:
                self.seen[centre] = at
        self.overdue.update(overdue)

    def sums(self) -> dict[int, bytes]:
        """Once every count of this process' places is in: their sums, and the nation's
        sums of its regions, pickled for the first process, which writes the nation's (a
        pass over the regions' sums, not over every count)."""
        self._places, self._summarised = self._place_sums()
        national = self.national
        for sums in self._places["region"].values():
            national.update(sums)
        if self.part == 0:
            return {}
        self.national = Counter()
        return {0: pickle.dumps(national, pickle.HIGHEST_PROTOCOL)}

    def merge_sums(self, sums: bytes) -> None:
        """Takes in another process' sums of the nation (to the first)."""
        self.national.update(pickle.loads(sums))

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        """Every row of this process' places and items, each table by one COPY."""
        places, summarised = self._places, self._summarised
        if self.part == 0:
            places["national"] = {"": self.national}
            _summarise_sums(summarised, "national", "", self.national)
        rows: dict[str, Iterable[tuple[Any, ...]]] = {
            "monthly_facts": (
                (*fact, n)
                for centre in sorted(self.counts)
                for fact, n in self.counts[centre].items()
                if n
            ),
            "place_facts": (
                (level, code, *key, n)
                for level in sorted(places)
                for code, sums in sorted(places[level].items())
                for key, n in sums.items()
                if n
            ),
            "place_months": _summaries(summarised),
            "referral_days": ((i, *dates) for i, dates in self.items.referrals.items()),
            "open_overdue": ((*item, *at) for item, at in self.items.open.items()),
            "overdue_counts": ((*k, n) for k, n in self.overdue.items() if n),
            "centre_seen": self.seen.items(),
        }
        cur.adapters.register_dumper(None, IdNumberDumper)  # the items' ids, as numbers
        for table, table_rows in rows.items():
            copy_rows(cur, table, COLUMNS[table], table_rows)

    def _owner(self, centre: str) -> int:
        """The process that writes a centre's rows: its region's (the first's, for an id
        with no known regional unit in it)."""
        places = places_of(centre)
        return self.owner[places[1][1]] if places else 0

    def _place_sums(self) -> tuple[dict[str, PlaceSums], Summarised]:
        """The sums of this process' regional units and regions, by level; and the counts
        each place-month's summary is made of, the centres' included. A unit's sums are
        added up from its centres' counts, a region's from its units' sums: a count is added
        once, not once for each place above it."""
        summarised: Summarised = defaultdict(list)
        units: PlaceSums = {}
        for centre, counts in self.counts.items():
            found = places_of(centre)  # none for an id with no known regional unit in it
            sums = units.setdefault(found[0][1], {}) if found else None
            for (_, month, indicator, dimension), n in counts.items():
                if indicator in _SUMMARISED:
                    summarised[("centre", centre, month)].append((indicator, dimension, n))
                if sums is not None:
                    key = (month, indicator, dimension)
                    sums[key] = sums.get(key, 0) + n
        regions: PlaceSums = {}
        region_of_unit = unit_regions()
        for unit, sums in units.items():
            into = regions.setdefault(region_of_unit[unit], {})
            get = into.get
            for key, n in sums.items():
                month, indicator, dimension = key
                if indicator in _SUMMARISED:
                    summarised[("regional_unit", unit, month)].append((indicator, dimension, n))
                into[key] = get(key, 0) + n
        for region, sums in regions.items():
            _summarise_sums(summarised, "region", region, sums)
        return {"regional_unit": units, "region": regions}, summarised


def _summarise_sums(
    summarised: Summarised, level: str, code: str, sums: dict[tuple[date, str, str], int]
) -> None:
    """Adds a place's sums of the summarised indicators to its place-months' summaries."""
    for (month, indicator, dimension), n in sums.items():
        if indicator in _SUMMARISED:
            summarised[(level, code, month)].append((indicator, dimension, n))


def _summaries(summarised: Summarised) -> Iterator[tuple[Any, ...]]:
    """The rows of the place-months whose summaries say something."""
    for key, counts in summarised.items():
        made = summary(counts)
        if made is not None:
            # (pydantic's serialiser, in Rust: twice as fast as the standard library's)
            yield (*key, Json(made[0], to_json), Json(made[1], to_json))


class _Items:
    """The overdue items and the referrals' dates of a whole share, kept to its end; the
    days-to facts counted as the dates come (in its centre's ``counts_of``), so that the
    process that reads the referrals has no more to do at the end than the others."""

    def __init__(self, counts_of: Callable[[str], Counter[Fact]]) -> None:
        self.counts_of = counts_of
        # Items by their ids' numbers (hashed in C; a UUID's hash is a call to Python),
        # written to their uuid columns as they are (``IdNumberDumper``).
        self.open: dict[tuple[str, int], tuple[str, date]] = {}  # overdue, not settled
        # every referral sent: [centre, sent on, accepted on, completed on]
        self.referrals: dict[int, list[Any]] = {}

    def add(self, e: IntegrationEvent) -> None:
        follow = _FOLLOW.get(type(e))
        if follow is not None:
            follow(self, e)

    def _request_overdue(self, e: RequestOverdue) -> None:
        self.open.setdefault(("request", e.request_id.int), (e.centre_id, e.detected_on))

    def _request_answered(self, e: BeneficiaryInformed) -> None:
        self.open.pop(("request", e.request_id.int), None)

    def _request_status(self, e: RequestStatusChanged) -> None:
        if e.status in CLOSED_REQUEST:
            self.open.pop(("request", e.request_id.int), None)

    def _referral_overdue(self, e: ReferralOverdue) -> None:
        # flagged again, an item keeps its first date, as the table's ON CONFLICT keeps it
        self.open.setdefault(("referral", e.referral_id.int), (e.centre_id, e.flagged_on))

    def _referral_sent(self, e: ReferralSent) -> None:
        self.referrals.setdefault(e.referral_id.int, [e.centre_id, e.sent_on, None, None])

    def _referral_accepted(self, e: ReferralAccepted) -> None:
        row = self.referrals.get(e.referral_id.int)
        if row is not None and row[2] is None:
            row[2] = e.accepted_on  # the first acceptance
            centre, sent_on = row[0], row[1]
            self.counts_of(centre)[days_fact(centre, sent_on, e.accepted_on, _ACCEPTANCE)] += 1

    def _referral_completed(self, e: ReferralCompleted) -> None:
        self.open.pop(("referral", e.referral_id.int), None)
        row = self.referrals.get(e.referral_id.int)
        if row is not None:  # the last completion counts: one before it is taken back
            centre, sent_on, counts = row[0], row[1], self.counts_of(row[0])
            if row[3] is not None:
                counts[days_fact(centre, sent_on, row[3], _COMPLETION)] -= 1
            row[3] = e.completed_on
            counts[days_fact(centre, sent_on, e.completed_on, _COMPLETION)] += 1

    def _referral_withdrawn(self, e: ReferralWithdrawn) -> None:
        self.open.pop(("referral", e.referral_id.int), None)


_ACCEPTANCE, _COMPLETION = DAYS["accepted_on"], DAYS["completed_on"]
_FOLLOW: dict[type[IntegrationEvent], Callable[[_Items, Any], None]] = {
    RequestOverdue: _Items._request_overdue,
    BeneficiaryInformed: _Items._request_answered,
    RequestStatusChanged: _Items._request_status,
    ReferralOverdue: _Items._referral_overdue,
    ReferralSent: _Items._referral_sent,
    ReferralAccepted: _Items._referral_accepted,
    ReferralCompleted: _Items._referral_completed,
    ReferralWithdrawn: _Items._referral_withdrawn,
}
