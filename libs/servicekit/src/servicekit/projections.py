"""Read models fed by a tracked consumer (or a rebuild), and how events are applied to them.

A read model that offers a tally takes a whole batch through it, in a few set-wise
statements; the consumer falls back to one event at a time, each in a savepoint, only to
find the event that makes a batch fail, so that only that one is left out (and parked).

A read model that names the events it keeps is spared the rest: a known event that none of
a consumer's read models keeps is skipped by its ``ce_type`` header alone, without decoding
the message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from kk_contracts.catalogue import LATEST

from servicekit import correlation

if TYPE_CHECKING:
    from collections.abc import Sequence

    import psycopg
    from kk_contracts import Envelope, IntegrationEvent

# Applying is a step of the tracked consumer: it logs under the consumer's name, so that one
# logger tells a consumer's whole story.
log = logging.getLogger("servicekit.consumer")


class Tally(Protocol):
    """What a batch of events does to a read model, gathered in memory and then written in a
    few set-wise statements. Written, it must leave the same state as the read model's
    ``apply`` on each event in turn."""

    def add(self, envelope: Envelope[IntegrationEvent]) -> None:
        """Takes one more event in; raises, having changed nothing, if it cannot."""

    def __len__(self) -> int:
        """About how many rows it would write: a rebuild writes it when it grows large."""

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        """Writes what it gathered, in the transaction at hand."""


class Projection(Protocol):
    """A read model fed by a tracked consumer. It may name the event classes it reads in an
    ``events`` tuple: the others on its topics are still checked (a malformed or unknown
    message is dead-lettered) but cost no transaction of their own.

    It may also offer ``tally()``, a fresh ``Tally``: the consumer then applies a whole batch
    through one, falling back to one event at a time only to find the event that makes a
    batch fail, and a rebuild gathers many batches in one. A read model whose tally can leave
    work to the end of a rebuild takes ``tally(rebuilding=True)`` and offers ``rebuilt()``,
    the statements that finish it; one that reads reference data offers
    ``refresh_reference(cur)``, run at start-up (and in a rebuild's schema)."""

    @property
    def group(self) -> str: ...
    @property
    def topics(self) -> Sequence[str]: ...
    @property
    def dead_letter_topic(self) -> str: ...

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        """Applies one event inside the batch's transaction. Raise to dead-letter it."""


def apply_all(
    projection: Projection,
    cur: psycopg.Cursor[Any],
    envelopes: Sequence[Envelope[IntegrationEvent]],
) -> None:
    """Applies the events in turn: through one tally if the read model offers it."""
    tally = getattr(projection, "tally", None)
    if tally is None:
        for envelope in envelopes:
            projection.apply(cur, envelope)
        return
    gathered: Tally = tally()
    for envelope in envelopes:
        gathered.add(envelope)
    gathered.write(cur)


def apply_isolating(
    conn: psycopg.Connection[Any],
    cur: psycopg.Cursor[Any],
    projection: Projection,
    fresh: Sequence[tuple[Any, Envelope[IntegrationEvent]]],
) -> list[tuple[Any, Envelope[IntegrationEvent], Exception | None]]:
    """Applies the events as one batch if the read model offers a tally; if that fails, or
    it does not, one at a time, each in a savepoint, so that only the event that fails is
    left out. Each event comes back with the error that kept it out, or None."""
    if hasattr(projection, "tally") and len(fresh) > 1:
        try:
            with conn.transaction():
                apply_all(projection, cur, [e for _, e in fresh])
        except Exception:
            log.warning("a batch of %s failed; applying it one event at a time", len(fresh))
        else:
            return [(record, envelope, None) for record, envelope in fresh]
    out: list[tuple[Any, Envelope[IntegrationEvent], Exception | None]] = []
    for record, envelope in fresh:
        try:
            with conn.transaction(), correlation.bound(envelope.correlation_id):
                apply_all(projection, cur, [envelope])
        except Exception as exc:
            out.append((record, envelope, exc))
        else:
            out.append((record, envelope, None))
    return out


def kept_types(projections: Sequence[Projection]) -> frozenset[str] | None:
    """The CloudEvents types the read models keep, if each names them (every event it lists
    is a concrete contract event); None if one takes everything on its topics."""
    kept: set[str] = set()
    for projection in projections:
        events = getattr(projection, "events", None)
        if events is None or not all(
            isinstance(getattr(e, "event_type", None), str) for e in events
        ):
            return None
        kept.update(e.event_type for e in events)
    return frozenset(kept)


def not_kept(kept: frozenset[str] | None, headers: Sequence[tuple[str, bytes]]) -> bool:
    """True for a known event that none of the read models keeping ``kept`` keeps, told by
    its type header alone, without decoding the message."""
    if kept is None:
        return False
    kind = _event_type(headers)
    return kind in LATEST and kind not in kept


def _event_type(headers: Sequence[tuple[str, bytes]]) -> str | None:
    """A message's ``ce_type`` header, read without decoding the rest: events a read model
    does not keep are skipped on it alone. A message that lies in it is not this read
    model's to judge; the read models that keep that type read it whole, and dead-letter
    it if it is malformed."""
    for name, raw in headers:
        if name == "ce_type":
            try:
                return raw.decode()
            except UnicodeDecodeError:
                return None
    return None
