"""The observatories' use case, without Kafka: a platform message in; the records it makes
on the regions' streams out, or why it makes none."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from kk_contracts import ContractViolationError, Envelope, IntegrationEvent, decode_message

from kk_observatory.domain.pseudonyms import Pseudonymiser
from kk_observatory.domain.routing import Routed, Router, Unroutable
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
        self.pseudonyms = pseudonyms
        self.centres_again = centres_again

    def take(self, headers: Headers, value: bytes | None) -> Taken:
        try:
            envelope = decode_message(headers, value)
        except ContractViolationError as e:
            return Taken(None, problem=e.reason)
        try:
            routed, rule = self.router.route(envelope)
        except Unroutable:
            self.centres_again()
            try:
                routed, rule = self.router.route(envelope)
            except Unroutable as e:
                return Taken(envelope, problem=str(e))
        return Taken(envelope, routed, rule)

    def learn(self, headers: Headers, value: bytes | None) -> None:
        """A message of the centres topic, read ahead of the others: one the router cannot
        take is dead-lettered when the processor meets it in its turn."""
        with contextlib.suppress(ContractViolationError, Unroutable):
            self.router.route(decode_message(headers, value))
