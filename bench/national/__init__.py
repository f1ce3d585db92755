"""Synthetic national activity: years of Community Centres' work, as real contract events,
produced straight to the platform's topics (no services in between).

Deterministic from a seed. The centres are real: the municipalities that need one (census
2021, or 2011 for the few that fell under the threshold since), the largest first, with their
regional unit, region, census population and staffing band, as the registry seeds them. Each
centre registers new people every month, more in big municipalities (in proportion to the
square root of the population), fewer in August and at Christmas, a little more each year.
Each person's file then lives its life: requests answered (mostly in time) or overdue,
referrals accepted, refused or expired and completed weeks later, programmes joined, left or
refused, a few transfers and erasures. Every date follows the one before it and none is in
the future; the events go out in the order of their time, each keyed by its subject as the
outbox relay keys it, in large record batches per partition.

The centres and how many each registers are in ``centres``, the calendar in ``timeline``,
how often each thing happens in ``distributions`` and what leads to what in ``codes``; the
lives are told by ``people``, ``referrals`` and ``programmes`` into a ``story`` per shard
(``shards``), sent by ``sending``, in as many ``processes`` as there are CPUs.

``python -m bench.national --bootstrap 127.0.0.1:9092 [--centres 20 --years 1]`` runs it
alone, against a broker of your own.
"""

from __future__ import annotations

from bench.national.generated import Generated, report
from bench.national.processes import produce

__all__ = ["Generated", "produce", "report"]
