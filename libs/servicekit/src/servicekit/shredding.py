"""Crypto-shredding: personal data sealed with a key per person, erased by destroying it.

A service names, per domain event, the person ("subject") whose data it holds. The mapper
seals such events with that subject's data key (AES-GCM, on top of the store's own
encryption); the keys live in PostgreSQL, each wrapped with the service's master key.
Erasure (GDPR Art. 17) destroys the key: the events stay where they are, history stays
consistent, and the person becomes unreadable everywhere, old events included. An event
whose key is gone reads back as an ``ErasedEvent``: a relay skips it (nothing to publish),
and loading an aggregate from it raises ``SubjectErasedError``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from servicekit.eventstore import ServiceApplication
from servicekit.subject_keys import NONCE, InMemorySubjectKeys, SubjectErasedError, SubjectKeys

if TYPE_CHECKING:
    from eventsourcing.domain import DomainEventProtocol

MAGIC = b"KKSK1"
SubjectOf = Callable[[Any], UUID | None]


@dataclasses.dataclass(frozen=True)
class ErasedEvent:
    """What an event of an erased subject reads back as: where and when, nothing else."""

    originator_id: Any
    originator_version: int
    topic: str
    subject: UUID

    def mutate(self, aggregate: object) -> object:
        raise SubjectErasedError(self.subject)


def _with_state(stored_event: StoredEvent, state: bytes) -> StoredEvent:
    """A copy with another state (what dataclasses.replace does, at a fraction of the cost
    on the relay's hot path)."""
    copy = object.__new__(type(stored_event))
    copy.__dict__.update(vars(stored_event), state=state)
    return copy


class SubjectKeyMapper(Mapper[Any]):
    """Wraps a service's mapper: events that hold a subject's data are sealed with the
    subject's key; everything else passes through unchanged."""

    def __init__(self, inner: Mapper[Any], keys: SubjectKeys, subject_of: SubjectOf) -> None:
        super().__init__(inner.transcoder, inner.compressor, inner.cipher)
        self.inner = inner
        # A sealed event is encrypted with the person's key alone: a second layer with the
        # store's key would add cost and no protection (and must not outlive the erasure).
        self.unsealed = type(inner)(inner.transcoder, inner.compressor, None)
        self.keys = keys
        self.subject_of = subject_of

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        subject = self.subject_of(domain_event)
        if subject is None:
            return self.inner.to_stored_event(domain_event)
        stored = self.unsealed.to_stored_event(domain_event)
        cipher = self.keys.cipher_for(subject, create=True)
        if cipher is None:  # pragma: no cover - cipher_for(create=True) returns one or raises
            raise SubjectErasedError(subject)
        nonce = os.urandom(NONCE)
        sealed = cipher.encrypt(nonce, stored.state, subject.bytes)
        return _with_state(stored, MAGIC + subject.bytes + nonce + sealed)

    def prefetch(self, stored_events: list[StoredEvent]) -> None:
        """Loads the keys of every subject in ``stored_events`` at once."""
        start = len(MAGIC)
        subjects = {
            UUID(bytes=e.state[start : start + 16])
            for e in stored_events
            if e.state.startswith(MAGIC)
        }
        if subjects:
            self.keys.prefetch(subjects)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        state = stored_event.state
        if not state.startswith(MAGIC):
            return self.inner.to_domain_event(stored_event)
        start = len(MAGIC)
        subject = UUID(bytes=state[start : start + 16])
        cipher = self.keys.cipher_for(subject, create=False)
        if cipher is None:
            return ErasedEvent(
                stored_event.originator_id,
                stored_event.originator_version,
                stored_event.topic,
                subject,
            )
        nonce, sealed = state[start + 16 : start + 16 + NONCE], state[start + 16 + NONCE :]
        opened = cipher.decrypt(nonce, sealed, subject.bytes)
        return self.unsealed.to_domain_event(_with_state(stored_event, opened))


class PersonalDataApplication(ServiceApplication):
    """A service's Application whose events may hold people's data: those named by
    ``subject_of`` are sealed with the person's own key (``keys``), so that erasing the
    person is destroying the key."""

    @staticmethod
    def subject_of(event: Any) -> UUID | None:
        return None

    def __init__(self, env: dict[str, str] | None = None, *, keys: SubjectKeys | None) -> None:
        # set before the Application builds its mapper, which seals events with these keys
        self.keys = keys or InMemorySubjectKeys()
        super().__init__(env)

    def construct_mapper(self) -> Mapper[Any]:
        return SubjectKeyMapper(super().construct_mapper(), self.keys, self.subject_of)
