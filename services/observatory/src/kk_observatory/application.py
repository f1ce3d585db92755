"""The observatories' use case, without Kafka: a platform message in; the records it makes
on the regions' streams out, or why it makes none."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from kk_contracts import ContractViolationError, Envelope, IntegrationEvent, decode_message

from kk_observatory.domain.pseudonyms import Pseudonymiser
from kk_observatory.domain.routing import Routed, Router, UnknownCentre, Unroutable
from kk_observatory.domain.state import State

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class Taken:
    """What became of a message: its records, or the rule that drops it (the minimisation
    policy), or the problem that sends it to the dead letters."""

    envelope: Envelope[IntegrationEvent] | None
    routed: list[Routed] = field(default_factory=list)
    rule: str | None = None
    problem: str | None = None


class Observatory:
    """Routes messages; ``centres_again`` reads the registry's centres topic to its end
    (through ``learn``), for an event of a centre registered after it was read."""

    def __init__(
        self, pseudonyms: Pseudonymiser, state: State, centres_again: Callable[[], None]
    ) -> None:
        self.router = Router(pseudonyms, state)
        self.centres_again = centres_again
        self._read_again = False

    def take(self, headers: Headers, value: bytes | None) -> Taken:
        try:
            envelope = decode_message(headers, value)
        except ContractViolationError as e:
            return Taken(None, problem=e.reason)
        try:
            routed, rule = self.router.route(envelope)
        except UnknownCentre as e:
            if self._read_again:  # once a batch: a centre still unknown stays so
                return Taken(envelope, problem=str(e))
            self._read_again = True
            self.centres_again()
            try:
                routed, rule = self.router.route(envelope)
            except Unroutable as again:
                return Taken(envelope, problem=str(again))
        except Unroutable as e:
            return Taken(envelope, problem=str(e))
        return Taken(envelope, routed, rule)

    def new_batch(self) -> None:
        """A new batch may read the centres topic again, once."""
        self._read_again = False

    def learn(self, headers: Headers, value: bytes | None) -> None:
        """A message of the centres topic, read ahead of the others: one the router cannot
        take is dead-lettered when the processor meets it in its turn."""
        with contextlib.suppress(ContractViolationError, Unroutable):
            self.router.route(decode_message(headers, value))
